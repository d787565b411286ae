using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Platform.Hosting;
using MyVid.Signalling.Contracts;

namespace MyVid.Signalling.Auth;

/// <summary>
/// Checks the cluster-secret signature of a media node's request (<see cref="ClusterSignature"/>): a known node
/// name, a timestamp within the window, the right HMAC, a nonce not seen within the window. Refusals are logged
/// with the node name, the address and the reason, never the secret or the signature.
/// </summary>
internal sealed partial class ClusterAuthenticator(
    IOptions<SignallingOptions> options, IOptions<NodeOptions> node, TimeProvider clock, ILogger<ClusterAuthenticator> logger)
{
    private readonly Lazy<byte[]> _secret = new(() =>
        ClusterSecret.Resolve(options.Value.ClusterSecret, node.Value.DataFolder, create: true)!);

    // Nonces seen, with when they may be forgotten (their timestamp + the window).
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);
    private long _nextPurge;

    /// <summary>Resolves (and, when none is configured, creates) the secret at start, so media nodes of this machine find it.</summary>
    public void EnsureSecret() => _ = _secret.Value;

    /// <summary>The authenticated node name, or null (the refusal is logged).</summary>
    public string? Verify(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var headers = request.Headers;
        var name = headers[ClusterSignature.NodeHeader].ToString();
        var timestamp = headers[ClusterSignature.TimestampHeader].ToString();
        var nonce = headers[ClusterSignature.NonceHeader].ToString();
        var signature = headers[ClusterSignature.SignatureHeader].ToString();
        var address = request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?";
        var shownName = ClusterSignature.IsValidNodeName(name) ? name : "(invalid)";
        if (signature.Length == 0 || name.Length == 0 || timestamp.Length == 0 || nonce.Length == 0)
        {
            return Refuse(shownName, address, request.Path, "missing signature headers");
        }
        if (!ClusterSignature.IsValidNodeName(name) || nonce.Length is < 16 or > 64)
        {
            return Refuse(shownName, address, request.Path, "malformed node name or nonce");
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return Refuse(shownName, address, request.Path, "malformed timestamp");
        }
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var window = (long)options.Value.SignatureWindow.TotalSeconds;
        if (Math.Abs(now - seconds) > window)
        {
            return Refuse(shownName, address, request.Path, $"timestamp {now - seconds} s away from this clock");
        }
        var expected = ClusterSignature.Compute(_secret.Value, request.Method, request.PathBase.Add(request.Path).Value ?? "", name, timestamp, nonce,
            ClusterSignature.BodyHash(body));
        if (!ClusterSignature.Matches(expected, signature))
        {
            return Refuse(shownName, address, request.Path, "wrong signature (another cluster secret?)");
        }
        Purge(now);
        if (!_seen.TryAdd(name + "/" + nonce, seconds + window))
        {
            return Refuse(shownName, address, request.Path, "replayed signature");
        }
        return name;
    }

    private void Purge(long now)
    {
        var next = Interlocked.Read(ref _nextPurge);
        if (now < next || Interlocked.CompareExchange(ref _nextPurge, now + 5, next) != next)
        {
            return;
        }
        foreach (var (key, forgetAt) in _seen)
        {
            if (forgetAt < now)
            {
                _seen.TryRemove(key, out _);
            }
        }
    }

    private string? Refuse(string name, string address, PathString path, string reason)
    {
        LogRefused(name, address, path.Value ?? "", reason);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused media-node request from {Node} at {Address} to {Path}: {Reason}")]
    private partial void LogRefused(string node, string address, string path, string reason);
}
