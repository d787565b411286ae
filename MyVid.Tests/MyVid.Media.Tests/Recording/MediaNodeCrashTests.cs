using Microsoft.Playwright;
using MyVid.Media.Tests.Browser;
using MyVid.Media.Tests.Harness;
using MyVid.Testing;

namespace MyVid.Media.Tests.Recording;

/// <summary>
/// The media node as a process of its own (api and endpoint in the test process, one local store for both): killed
/// mid-stream and started again, it completes what it had stored into a shorter, playable video marked cut short.
/// </summary>
[NonParallelizable]
public sealed class MediaNodeCrashTests
{
    [Test]
    public async Task Killing_the_media_node_mid_stream_leaves_a_shorter_playable_recording_marked_cut_short()
    {
        var chromium = RealParts.Chromium;
        var ffmpeg = RealParts.Ffmpeg;
        var store = Directory.CreateTempSubdirectory("myvid-store-").FullName;
        var mediaData = Directory.CreateTempSubdirectory("myvid-media-").FullName;
        try
        {
            var shared = new Dictionary<string, string>
            {
                ["Signalling:ClusterSecret"] = "test-cluster-secret-0123456789abcdef",
                ["Signalling:MediaHeartbeatInterval"] = "00:00:00.300",
                ["ObjectStore:Local:Root"] = store,
            };
            await using var site = await TestNode.StartAsync(Backend.Embedded, "api,endpoint", shared);
            var media = new Dictionary<string, string>(shared)
            {
                ["Node:DataFolder"] = mediaData,
                ["Media:Control:NodeName"] = "recording-media",
                ["Media:Control:Endpoints:0"] = site.BaseUrl.AbsoluteUri,
                ["Media:Control:ReconnectDelay"] = "00:00:00.200",
                ["Media:Recording:FfmpegPath"] = ffmpeg,
                ["Logging:LogLevel:MyVid"] = "Information",
            };
            await using var pages = await PageServer.StartAsync();
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await ChromiumLiveTests.LaunchAsync(playwright, chromium);
            await using var publisher = await LivePage.OpenAsync(browser, pages.BaseUrl);

            string id;
            double streamed;
            using (var first = await HostProcess.StartAsync("media", media))
            {
                id = await LiveSite.GoLiveAsync(site.Http, publisher);
                // Past the first provisional copy of part 1 (every 10 s): that much is in the store when the node dies.
                await Task.Delay(TimeSpan.FromSeconds(16));
                streamed = await LiveSite.SecondsRecordedAsync(publisher);
                first.Kill();
            }

            using var second = await HostProcess.StartAsync("media", media);
            var video = await LiveSite.WaitForRecordingAsync(site.Http, id, TimeSpan.FromSeconds(90));
            TestContext.Progress.WriteLine($"streamed {streamed:F1} s before the kill; GET /API/VIDEO/{id}: {video}");
            Assert.That(video.GetProperty("cutShort").GetBoolean(), Is.True, second.Output());
            // The node deletes the manifest just after the catalogue took the recording.
            await ChromiumLiveTests.WaitUntilAsync("the manifest is gone", () => !File.Exists(Path.Combine(store, "videos", $"{id}_live.webm.recording.json")));

            var file = await LiveSite.DownloadAsync(video.GetProperty("URL").GetString()!);
            try
            {
                var (codecs, lastVideo, _) = await MediaTools.ProbeAsync(file);
                TestContext.Progress.WriteLine($"recovered: {string.Join(",", codecs)}, last video packet {lastVideo:F1} s");
                await Assert.MultipleAsync(async () =>
                {
                    Assert.That(codecs, Is.EquivalentTo(new[] { "vp8", "opus" }));
                    Assert.That(lastVideo, Is.GreaterThan(5).And.LessThan(streamed), "shorter than the stream, but not empty");
                    Assert.That(await MediaTools.DecodeErrorsAsync(file), Is.Empty, "playable: decodes without errors");
                });
            }
            finally
            {
                File.Delete(file);
            }
        }
        finally
        {
            Directory.Delete(store, recursive: true);
            Directory.Delete(mediaData, recursive: true);
        }
    }
}
