using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform;
using MyVid.Platform.Roles;
using MyVid.Platform.Storage;

namespace MyVid.Host.Tests;

/// <summary>
/// MyVid's S3 calls against a store whose first request never gets an answer (a request caught by an OSD or
/// gateway failover): safe calls are tried once more within <c>ObjectStore:S3:Timeout</c>, others are not.
/// </summary>
public sealed class ObjectStoreRetryTests
{
    [Test]
    public async Task A_read_whose_first_attempt_hangs_is_tried_once_more_and_succeeds()
    {
        using var s3 = new HangingFirstRequestServer();
        await using var services = Store(s3.Url);
        var store = services.GetRequiredService<IObjectStore>();

        var info = await store.GetInfoAsync(ObjectBucket.Videos, "videos/a.mp4", CancellationToken.None);

        Assert.That(info?.Length, Is.EqualTo(HangingFirstRequestServer.ObjectLength));
        Assert.That(s3.Requests, Is.EqualTo(2), "the held request, then the retry");
    }

    [Test]
    public async Task A_put_of_a_seekable_stream_is_tried_once_more_with_the_same_bytes()
    {
        using var s3 = new HangingFirstRequestServer();
        await using var services = Store(s3.Url);
        var store = services.GetRequiredService<IObjectStore>();
        using var content = new MemoryStream(Encoding.ASCII.GetBytes("twelve bytes"));

        await store.PutAsync(ObjectBucket.Videos, "videos/b.mp4", content, "video/mp4", CancellationToken.None);

        Assert.That(s3.Requests, Is.EqualTo(2));
        Assert.That(s3.LastBody, Does.Contain("twelve bytes"), "the retry sent the stream from its start");
    }

    [Test]
    public async Task Starting_a_multipart_upload_is_not_repeated_and_fails_as_unavailable()
    {
        using var s3 = new HangingFirstRequestServer();
        await using var services = Store(s3.Url);
        var store = services.GetRequiredService<IObjectStore>();

        Assert.ThrowsAsync<ObjectStoreUnavailableException>(() =>
            store.StartMultipartAsync(ObjectBucket.Videos, "videos/c.mp4", "video/mp4", CancellationToken.None));
        Assert.That(s3.Requests, Is.EqualTo(1), "a second attempt would leave a second upload behind");
    }

    private static ServiceProvider Store(string url)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ObjectStore:Provider"] = "S3",
            ["ObjectStore:S3:ServiceUrl"] = url,
            ["ObjectStore:S3:AccessKey"] = "test",
            ["ObjectStore:S3:SecretKey"] = "test-secret",
            ["ObjectStore:S3:Timeout"] = "00:00:04",
        }).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddPlatform(configuration, new ActiveRoles(NodeRoles.Api)).BuildServiceProvider();
    }

    /// <summary>A loopback HTTP server that reads every request but answers only from the second one on (200, an object's headers).</summary>
    private sealed class HangingFirstRequestServer : IDisposable
    {
        public const int ObjectLength = 1234;

        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TcpClient> _held = [];
        private int _requests;

        public HangingFirstRequestServer()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public int Requests => Volatile.Read(ref _requests);

        public string? LastBody { get; private set; }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_held)
            {
                _held.ForEach(c => c.Dispose());
            }
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                lock (_held)
                {
                    _held.Add(client);
                }
                _ = ServeAsync(client);
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            try
            {
                var stream = client.GetStream();
                while (await ReadRequestAsync(stream) is { } body)
                {
                    if (Interlocked.Increment(ref _requests) == 1)
                    {
                        return; // held: read, never answered (the connection stays open until the end of the test)
                    }
                    LastBody = body;
                    var answer = $"HTTP/1.1 200 OK\r\nContent-Length: {(body.Length == 0 ? ObjectLength : 0)}\r\nContent-Type: video/mp4\r\nETag: \"e\"\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client gave up on the held request.
            }
        }

        /// <summary>One request's head, then its body as Content-Length says (HEAD and PUT here); null at the end of the stream.</summary>
        private async Task<string?> ReadRequestAsync(NetworkStream stream)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one, _stop.Token) == 0)
                {
                    return null;
                }
                head.Append((char)one[0]);
            }
            var length = head.ToString().Split("\r\n")
                .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
                .FirstOrDefault();
            var body = new byte[length];
            await stream.ReadExactlyAsync(body, _stop.Token);
            return Encoding.ASCII.GetString(body);
        }
    }
}
