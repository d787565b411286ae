using FluentValidation;
using MyVid.Signalling.Contracts;

namespace MyVid.Signalling;

/// <summary>Bound from <c>Signalling</c>.</summary>
public sealed class SignallingOptions
{
    public const string Section = "Signalling";

    /// <summary>How often an endpoint node renews its row in the Nodes table.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A node not heard from for this long is taken for dead and no longer chosen.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Rows of nodes silent this long are deleted (a crashed node leaves its row behind).</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The secret media nodes sign their requests with (at least 32 characters). Empty: generated once into
    /// <c>{DataFolder}/cluster-secret</c>, which only nodes sharing that folder can read.
    /// </summary>
    public string? ClusterSecret { get; set; }

    /// <summary>How far a signed request's timestamp may be from this node's clock; signatures are remembered this long.</summary>
    public TimeSpan SignatureWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often media nodes heartbeat on their control socket (at most a third of <see cref="StaleAfter"/>, so a live
    /// node's row never looks stale); three missed and the node is dropped.
    /// </summary>
    public TimeSpan MediaHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A parked client no media node claims within this time is closed (1013).</summary>
    public TimeSpan ParkTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A bridged client must send its first message (offer or join) within this time, else its socket is dropped and
    /// the media node's closed with 1008: an idle socket held open costs a bridge here and a session on the media node.
    /// </summary>
    public TimeSpan FirstMessageTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest message the bridge passes on, either way; a larger one closes both sockets (1009).</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Parked (not yet bridged) client sockets one client address may hold at once.</summary>
    public int MaxParkedPerAddress { get; set; } = 16;

    /// <summary>Parked client sockets this endpoint holds at once.</summary>
    public int MaxParked { get; set; } = 4096;

    /// <summary>The ICE servers NEWSTREAM and ICE hand to browsers.</summary>
    public IceOptions Ice { get; set; } = new();

    /// <summary>WHIP ingest and WHEP playback on the api role (docs/whip.md).</summary>
    public WhipOptions Whip { get; set; } = new();
}

/// <summary>Bound from <c>Signalling:Ice</c>: STUN and TURN servers; TURN with coturn's time-limited credentials.</summary>
public sealed class IceOptions
{
    /// <summary>e.g. <c>stun:stun.example.org:3478</c>; each is one entry of <c>iceServers</c>.</summary>
    public List<string> StunUrls { get; set; } = [];

    /// <summary>e.g. <c>turn:turn.example.org:3478?transport=udp</c>; each is one entry, with a credential.</summary>
    public List<string> TurnUrls { get; set; } = [];

    /// <summary>coturn's <c>static-auth-secret</c> (<c>use-auth-secret</c>); required with TurnUrls.</summary>
    public string? TurnSecret { get; set; }

    /// <summary>The user part of the TURN username <c>"&lt;expiry&gt;:&lt;user&gt;"</c>.</summary>
    public string TurnUser { get; set; } = "WebRTCUser";

    /// <summary>How long a TURN credential stays valid.</summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(12);
}

public sealed class SignallingOptionsValidator : AbstractValidator<SignallingOptions>
{
    public SignallingOptionsValidator()
    {
        RuleFor(o => o.HeartbeatInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        RuleFor(o => o.StaleAfter).GreaterThan(o => o.HeartbeatInterval)
            .WithMessage("must be longer than HeartbeatInterval (three intervals is a good choice)");
        RuleFor(o => o.ForgetAfter).GreaterThan(o => o.StaleAfter);
        RuleFor(o => o.ClusterSecret).MinimumLength(ClusterSecret.MinimumLength).When(o => !string.IsNullOrEmpty(o.ClusterSecret))
            .WithMessage($"must be at least {ClusterSecret.MinimumLength} characters (or empty: generated into the data folder)");
        RuleFor(o => o.SignatureWindow).InclusiveBetween(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));
        RuleFor(o => o.MediaHeartbeatInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        RuleFor(o => o.ParkTimeout).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        RuleFor(o => o.FirstMessageTimeout).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        RuleFor(o => o.MaxMessageBytes).InclusiveBetween(1024, 16 * 1024 * 1024);
        RuleFor(o => o.MaxParkedPerAddress).InclusiveBetween(1, 100_000);
        RuleFor(o => o.MaxParked).GreaterThanOrEqualTo(o => o.MaxParkedPerAddress);
        RuleForEach(o => o.Ice.StunUrls).Must(u => u.StartsWith("stun:", StringComparison.Ordinal) || u.StartsWith("stuns:", StringComparison.Ordinal))
            .OverridePropertyName("Ice.StunUrls").WithMessage("must start with stun: or stuns:");
        RuleForEach(o => o.Ice.TurnUrls).Must(u => u.StartsWith("turn:", StringComparison.Ordinal) || u.StartsWith("turns:", StringComparison.Ordinal))
            .OverridePropertyName("Ice.TurnUrls").WithMessage("must start with turn: or turns:");
        RuleFor(o => o.Ice.TurnSecret).NotEmpty().When(o => o.Ice.TurnUrls.Count > 0).OverridePropertyName("Ice.TurnSecret")
            .WithMessage("is required when Ice:TurnUrls are set (coturn's static-auth-secret)");
        RuleFor(o => o.Ice.TurnUser).Must(u => !string.IsNullOrEmpty(u) && !u.Contains(':', StringComparison.Ordinal))
            .OverridePropertyName("Ice.TurnUser").WithMessage("must be non-empty and without ':'");
        RuleFor(o => o.Whip.MaxSessions).InclusiveBetween(1, 1_000_000).OverridePropertyName("Whip.MaxSessions");
        RuleFor(o => o.Whip.MaxOfferBytes).InclusiveBetween(1024, 1024 * 1024).OverridePropertyName("Whip.MaxOfferBytes");
        RuleFor(o => o.Whip.InternalUrl).Must(u => Uri.TryCreate(u, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            .When(o => !string.IsNullOrEmpty(o.Whip.InternalUrl)).OverridePropertyName("Whip.InternalUrl").WithMessage("must be an absolute http(s) URL");
        RuleFor(o => o.Whip.AnswerTimeout).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2)).OverridePropertyName("Whip.AnswerTimeout");
        RuleFor(o => o.Ice.CredentialLifetime).InclusiveBetween(TimeSpan.FromSeconds(10), TimeSpan.FromDays(7))
            .OverridePropertyName("Ice.CredentialLifetime");
    }
}
