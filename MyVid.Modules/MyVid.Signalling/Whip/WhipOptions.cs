namespace MyVid.Signalling;

/// <summary>Bound from <c>Signalling:Whip</c>: WHIP and WHEP sessions the api relays to media nodes.</summary>
public sealed class WhipOptions
{
    /// <summary>WHIP and WHEP sessions one api process relays at once; more are refused with 503 and Retry-After.</summary>
    public int MaxSessions { get; set; } = 1000;

    /// <summary>The largest SDP offer (or trickle fragment) taken; a larger one is refused with 413.</summary>
    public int MaxOfferBytes { get; set; } = 32 * 1024;

    /// <summary>How long the api waits for the media node's answer before refusing the offer with 503.</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The URL other api nodes reach this one at, written in its row of the Nodes table: a session's PATCH or DELETE
    /// that reaches another api node is forwarded here. Empty: the node's public URL (right when each api node has
    /// its own, or is also an endpoint). Api nodes behind one shared public URL need it.
    /// </summary>
    public string? InternalUrl { get; set; }
}
