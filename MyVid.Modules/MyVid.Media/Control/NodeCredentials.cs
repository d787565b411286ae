using System.Net.WebSockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MyVid.Platform.Hosting;
using MyVid.Platform.Ids;
using MyVid.Signalling.Contracts;

namespace MyVid.Media.Control;

/// <summary>This node's name and the cluster secret, and the signature headers of each request to an endpoint.</summary>
internal sealed class NodeCredentials(IOptions<MediaControlOptions> options, IOptions<NodeOptions> node, IConfiguration configuration, TimeProvider clock)
{
    private byte[]? _secret;

    public string Name { get; } = string.IsNullOrEmpty(options.Value.NodeName) ? DefaultName() : options.Value.NodeName;

    public void Sign(ClientWebSocketOptions socket, string path)
    {
        foreach (var (name, value) in Headers("GET", path, default))
        {
            socket.SetRequestHeader(name, value);
        }
    }

    public void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body)
    {
        foreach (var (name, value) in Headers(request.Method.Method, request.RequestUri!.AbsolutePath, body))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private IReadOnlyList<KeyValuePair<string, string>> Headers(string method, string path, ReadOnlySpan<byte> body) =>
        ClusterSignature.Headers(Secret(), method, path, Name, clock.GetUtcNow(), body);

    /// <summary>
    /// <c>Signalling:ClusterSecret</c>, else the file an endpoint sharing this data folder generated. Read again until
    /// found: on one machine the endpoint may write it after this node starts.
    /// </summary>
    private byte[] Secret() =>
        _secret ??= ClusterSecret.Resolve(configuration[ClusterSecret.ConfigurationKey], node.Value.DataFolder, create: false)
            ?? throw new InvalidOperationException(
                $"No cluster secret: set {ClusterSecret.ConfigurationKey} (as on the endpoints), or share the endpoint's data folder.");

    private static string DefaultName()
    {
        var host = new string(Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-').Take(50).ToArray());
        return (host.Length == 0 ? "media" : host) + "-" + ShortId.New(6);
    }
}
