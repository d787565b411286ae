using Microsoft.Playwright;
using MyVid.Media.Tests.Browser;
using MyVid.Media.Tests.Harness;
using MyVid.Testing;

namespace MyVid.Media.Tests.Recording;

/// <summary>
/// Live-to-VOD on a whole node (every role; the embedded parts, or MariaDB and Ceph S3): a Chromium publisher streams
/// 20 s, and once it stops the catalogue serves the recording as a stored video that ffprobe and a &lt;video&gt; accept.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
[NonParallelizable]
public sealed class RecordedBroadcastTests(Backend backend)
{
    [Test]
    public async Task A_20_s_broadcast_becomes_a_stored_VP8_Opus_video_that_plays_and_seeks()
    {
        var chromium = RealParts.Chromium;
        var ffmpeg = RealParts.Ffmpeg;
        await using var node = await TestNode.StartAsync(backend, "all", new Dictionary<string, string>
        {
            ["Media:Recording:FfmpegPath"] = ffmpeg,
            ["Logging:LogLevel:MyVid"] = "Information",
        });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ChromiumLiveTests.LaunchAsync(playwright, chromium);
        await using var pages = await PageServer.StartAsync();
        await using var publisher = await LivePage.OpenAsync(browser, pages.BaseUrl);
        var id = await LiveSite.GoLiveAsync(node.Http, publisher);

        await Task.Delay(TimeSpan.FromSeconds(20));
        var streamed = await LiveSite.SecondsRecordedAsync(publisher);
        await publisher.LeaveAsync();

        var video = await LiveSite.WaitForRecordingAsync(node.Http, id, TimeSpan.FromSeconds(60));
        TestContext.Progress.WriteLine($"GET /API/VIDEO/{id}: {video}");
        var url = video.GetProperty("URL").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(url, Does.Contain("Signature").IgnoreCase, "a signed URL");
            Assert.That(video.GetProperty("title").GetString(), Is.EqualTo("Recorded stream"));
            Assert.That(video.GetProperty("Preview").GetString(), Is.Not.Null.And.Not.Empty, "a preview from a keyframe");
            Assert.That(video.TryGetProperty("cutShort", out _), Is.False, "a whole recording is not cut short");
        });
        using (var http = new HttpClient())
        {
            var jpeg = await http.GetByteArrayAsync(new Uri(video.GetProperty("Preview").GetString()!));
            Assert.That(jpeg.AsSpan(0, 2).ToArray(), Is.EqualTo(new byte[] { 0xFF, 0xD8 }), "the preview is a JPEG");
        }

        var file = await LiveSite.DownloadAsync(url);
        try
        {
            var (codecs, lastVideo, duration) = await MediaTools.ProbeAsync(file);
            TestContext.Progress.WriteLine($"streamed {streamed:F2} s; file: {string.Join(",", codecs)}, Duration {duration:F2} s, last video packet {lastVideo:F2} s");
            Assert.Multiple(() =>
            {
                Assert.That(codecs, Is.EquivalentTo(new[] { "vp8", "opus" }));
                Assert.That(duration, Is.EqualTo(streamed).Within(1.0), "the file's Duration is the streamed time");
                Assert.That(video.GetProperty("duration").GetDouble(), Is.EqualTo(streamed).Within(1.0), "the catalogue's duration too");
            });
            Assert.That(await MediaTools.DecodeErrorsAsync(file), Is.Empty, "decodes without errors");
        }
        finally
        {
            File.Delete(file);
        }

        await using var watcher = await LivePage.OpenAsync(browser, pages.BaseUrl);
        await LiveSite.ExpectPlaysAndSeeksAsync(watcher, url);
    }
}
