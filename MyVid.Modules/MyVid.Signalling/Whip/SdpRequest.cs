using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using MyVid.WebRtc.Sdp;

namespace MyVid.Signalling.Whip;

/// <summary>
/// Reads and checks the body of a WHIP or WHEP request: its content type (415), its size (413), and for an offer
/// that it is SDP (400) with at most one audio and one video section (422), the shapes the media node serves.
/// </summary>
internal static class SdpRequest
{
    public const string SdpType = "application/sdp";
    public const string TrickleType = "application/trickle-ice-sdpfrag";

    public static bool HasType(HttpRequest request, string type) =>
        request.ContentType is { } contentType && contentType.Split(';')[0].Trim().Equals(type, StringComparison.OrdinalIgnoreCase);

    public static ProblemHttpResult WrongType(HttpContext context, string expected)
    {
        context.Response.Headers[expected == SdpType ? "Accept-Post" : "Accept-Patch"] = expected;
        return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type",
            detail: $"Send the body as {expected} (got '{context.Request.ContentType}').");
    }

    /// <summary>The body as text, or the problem: 413 past <paramref name="maxBytes"/>, 400 when it is not UTF-8.</summary>
    public static async Task<(string? Text, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }
        using var body = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }
            body.Write(buffer, 0, read);
        }
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.GetBuffer(), 0, (int)body.Length), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, Bad("The body is not UTF-8 text."));
        }
    }

    /// <summary>Null when the offer is SDP with one audio and/or one video section; else the problem.</summary>
    public static ProblemHttpResult? CheckOffer(string sdp)
    {
        if (!SdpParser.TryParse(sdp, out var offer, out var error))
        {
            return Bad("The body is not a valid SDP offer: " + error);
        }
        var audio = offer.Media.Count(m => m.Kind == MediaKind.Audio && !m.IsRejected);
        var video = offer.Media.Count(m => m.Kind == MediaKind.Video && !m.IsRejected);
        if (audio + video == 0)
        {
            return Bad("The offer has no audio or video section.");
        }
        return audio > 1 || video > 1
            ? TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Too many tracks",
                detail: $"A session carries at most one audio and one video track; the offer has {audio} audio and {video} video sections.")
            : null;
    }

    public static ProblemHttpResult Bad(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad SDP", detail: detail);

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"At most {maxBytes} bytes.");
}
