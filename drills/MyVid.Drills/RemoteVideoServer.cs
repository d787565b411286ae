using System.Net;

namespace MyVid.Drills;

/// <summary>
/// Stands in for media.ccc.de on loopback: serves one video at a URL a CCC catalogue entry points to, so that the
/// drill can show remote playback going on while MyVid's own store is down.
/// </summary>
public sealed class RemoteVideoServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public RemoteVideoServer(int port, byte[] video)
    {
        Video = video;
        Url = $"http://127.0.0.1:{port}/ccc/drill.mp4";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/ccc/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public byte[] Video { get; }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            context.Response.ContentType = "video/mp4";
            context.Response.ContentLength64 = Video.Length;
            await context.Response.OutputStream.WriteAsync(Video);
            context.Response.Close();
        }
    }
}
