using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using MyVid.Testing;

namespace MyVid.Host.Tests;

/// <summary>
/// HTTPS and WSS with Kestrel's own certificate (docs/deploy.md, "TLS in Kestrel"): a self-signed certificate made here,
/// given as <c>Kestrel:Certificates:Default:Path</c>/<c>Password</c>; clients trust exactly that certificate.
/// One <c>--role all</c> node: the api over HTTPS, and a WSS socket through its endpoint's bridge to its media node.
/// </summary>
public sealed class TlsTests
{
    private string _folder = null!;
    private X509Certificate2 _certificate = null!;
    private TestNode _node = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = Directory.CreateTempSubdirectory("myvid-tls-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server auth
        var now = DateTimeOffset.UtcNow;
        using var made = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        var path = Path.Combine(_folder, "node.pfx");
        await File.WriteAllBytesAsync(path, made.Export(X509ContentType.Pfx, "test-password"));
        _certificate = X509CertificateLoader.LoadCertificate(made.Export(X509ContentType.Cert));
        _node = await TestNode.StartAsync(Backend.Embedded, settings: new Dictionary<string, string>
        {
            // HTTPS for clients (listed first: the endpoint publishes it); plain HTTP on loopback for the node's own media role,
            // whose control link would not trust a self-signed certificate (docs/deploy.md: an internal CA goes into the trust store).
            ["urls"] = "https://127.0.0.1:0;http://127.0.0.1:0",
            ["Kestrel:Certificates:Default:Path"] = path,
            ["Kestrel:Certificates:Default:Password"] = "test-password",
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _node.DisposeAsync();
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task The_api_answers_over_https_with_the_configured_certificate()
    {
        Assert.That(_node.BaseUrl.Scheme, Is.EqualTo("https"));
        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = IsOurs } })
        {
            BaseAddress = _node.BaseUrl,
        };
        using var response = await http.PostAsJsonAsync("API/VIDEO/", new { Search = "anything" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var ready = await http.GetAsync("healthz/ready");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_wss_socket_to_the_endpoint_is_bridged_to_the_media_node()
    {
        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = IsOurs } })
        {
            BaseAddress = _node.BaseUrl,
        };
        JsonElement stream = default;
        for (var i = 0; i < 100; i++)
        {
            using var response = await http.GetAsync("API/NEWSTREAM/");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                stream = await response.Content.ReadFromJsonAsync<JsonElement>();
                break;
            }
            await Task.Delay(100);
        }
        Assert.That(stream.ValueKind, Is.EqualTo(JsonValueKind.Object), "NEWSTREAM did not answer within 10 s");

        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = IsOurs;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"wss://{stream.GetProperty("Server").GetString()}/ENDPOINT/{stream.GetProperty("Endpoint").GetString()}"), timeout.Token);
        await socket.SendAsync("""{"type":"hello"}"""u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        var answer = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, received.Count)).RootElement;
        Assert.That(answer.GetProperty("type").GetString(), Is.EqualTo("error"), "the media node's session answered through the bridge");
        Assert.That(answer.GetProperty("message").GetString(), Does.Contain("hello"));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    private bool IsOurs(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && certificate.GetCertHashString() == _certificate.GetCertHashString();
}
