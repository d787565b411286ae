using System.Text.Json;
using MyVid.Testing;

namespace MyVid.Interop.Tests.Clients;

/// <summary>
/// A WHIP publisher or WHEP player that is not a browser, from <c>clients/</c>: GStreamer's webrtcbin (gst-whip.py)
/// or werift (werift-whip.mjs, werift-whep.mjs). Each POSTs its offer and prints <c>{"created": URL}</c>, then its
/// counts every second; closing its stdin DELETEs the session.
/// </summary>
internal sealed class WhipClient : IAsyncDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly ClientProcess _process;

    private WhipClient(ClientProcess process, string name, Uri session)
    {
        _process = process;
        Name = name;
        Session = session;
    }

    public string Name { get; }

    /// <summary>The session's URL from the 201's <c>Location</c>.</summary>
    public Uri Session { get; }

    /// <summary>GStreamer 1.22's webrtcbin publishing a VP8 test picture (320x240) and an Opus tone.</summary>
    public static Task<WhipClient> GStreamerPublisherAsync(Uri whip, string streamKey) =>
        StartAsync("GStreamer", RealParts.GStreamerPython, "gst-whip.py", whip.AbsoluteUri, streamKey);

    /// <summary>werift publishing ffmpeg's VP8 test picture (320x240) and Opus tone.</summary>
    public static Task<WhipClient> WeriftPublisherAsync(Uri whip, string streamKey) =>
        StartAsync("werift publisher", RealParts.NodeJs, Werift("werift-whip.mjs"), whip.AbsoluteUri, streamKey, RealParts.Ffmpeg);

    /// <summary>werift playing a WHEP URL and counting RTP packets, frames and keyframes.</summary>
    public static Task<WhipClient> WeriftPlayerAsync(Uri whep) =>
        StartAsync("werift player", RealParts.NodeJs, Werift("werift-whep.mjs"), whep.AbsoluteUri);

    /// <summary>The first report that <paramref name="done"/> accepts, e.g. <c>{"sent": ...}</c> with enough packets.</summary>
    public Task<JsonElement> WaitForAsync(string what, Func<JsonElement, bool> done) =>
        _process.ReadAsync($"{Name}: {what}", done, Limit);

    /// <summary>Ends the session as the client does (DELETE); the status the server answered.</summary>
    public async Task<int> EndAsync()
    {
        _process.CloseInput();
        var deleted = await _process.ReadAsync($"{Name}: DELETE", m => m.TryGetProperty("deleted", out _), Limit);
        await _process.WaitForExitAsync(Limit);
        return deleted.GetProperty("deleted").GetInt32();
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string Werift(string script) => Path.Combine(RealParts.NpmPackage(ClientProcess.Folder, "werift"), script);

    private static async Task<WhipClient> StartAsync(string name, string program, params string[] arguments)
    {
        var process = ClientProcess.Start(program, arguments);
        try
        {
            var created = await process.ReadAsync($"{name}: the POST", m => m.TryGetProperty("status", out _), Limit);
            Assert.That(created.GetProperty("status").GetInt32(), Is.EqualTo(201), $"{name}: {created}");
            return new WhipClient(process, name, new Uri(created.GetProperty("created").GetString()!));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }
}
