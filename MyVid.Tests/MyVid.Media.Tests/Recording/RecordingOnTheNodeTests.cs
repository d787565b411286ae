using Microsoft.Playwright;
using MyVid.Media.Tests.Browser;
using MyVid.Media.Tests.Harness;
using MyVid.Platform.Storage;
using MyVid.Testing;

namespace MyVid.Media.Tests.Recording;

/// <summary>The node's recordings with the catalogue faked: a lossy publisher link, and a publisher that asks not to be recorded.</summary>
[NonParallelizable]
public sealed class RecordingOnTheNodeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Test]
    public async Task With_5_percent_loss_on_the_publisher_s_link_the_recording_decodes_without_errors()
    {
        var chromium = RealParts.Chromium;
        var ffmpeg = RealParts.Ffmpeg;
        var loss = new LossyLinkFilter { Rate = 0.05 };
        await using var node = await MediaNode.StartAsync(settings: new Dictionary<string, string?> { ["Media:Recording:FfmpegPath"] = ffmpeg },
            receiveDropFilter: loss);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ChromiumLiveTests.LaunchAsync(playwright, chromium);
        await using var publisher = await LivePage.OpenAsync(browser, node.BaseUrl);
        await publisher.PublishAsync(node.SessionUrl);
        await publisher.WaitForAsync("the publisher connected", s => s.GetProperty("connectionState").GetString() == "connected", Limit);
        loss.Ufrag = await publisher.Page.EvaluateAsync<string>("nodeUfrag()");
        await publisher.GoLiveAsync("Lossy stream", "");
        await publisher.WaitForAsync("recording", s => LivePage.State(s).GetProperty("recording").GetArrayLength() > 0, Limit);

        await Task.Delay(TimeSpan.FromSeconds(15));
        await publisher.LeaveAsync();
        await ChromiumLiveTests.WaitUntilAsync("the recording handed over", () => !node.Catalog.Recordings.IsEmpty);
        var (videoId, recording) = node.Catalog.Recordings.Single();
        TestContext.Progress.WriteLine($"dropped {loss.Dropped} of {loss.Dropped + loss.Passed} publisher packets; recording {recording.DurationSeconds:F1} s");
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(videoId, Is.EqualTo(node.Catalog.Created.Single().Id));
            Assert.That(loss.Dropped, Is.GreaterThan(30), "the link lost packets");
            Assert.That(recording.CutShort, Is.False);
            Assert.That(recording.PreviewObjectKey, Is.Not.Null, "a preview was stored");
            Assert.That(await node.Store.GetInfoAsync(ObjectBucket.Videos, recording.VideoObjectKey + ".recording.json", CancellationToken.None),
                Is.Null, "the manifest is gone once the catalogue has the video");
        });

        var file = await ReadAsync(node.Store, recording.VideoObjectKey);
        try
        {
            var (codecs, lastVideo, _) = await MediaTools.ProbeAsync(file);
            Assert.That(codecs, Is.EquivalentTo(new[] { "vp8", "opus" }));
            Assert.That(lastVideo, Is.GreaterThan(10), "video all along, past the losses");
            Assert.That(await MediaTools.DecodeErrorsAsync(file), Is.Empty, "ffmpeg -v error prints nothing");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task A_publisher_sending_Record_false_is_told_it_is_not_recorded_and_nothing_is_stored()
    {
        var chromium = RealParts.Chromium;
        await using var node = await MediaNode.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ChromiumLiveTests.LaunchAsync(playwright, chromium);
        await using var publisher = await LivePage.OpenAsync(browser, node.BaseUrl);
        await publisher.PublishAsync(node.SessionUrl);
        await publisher.WaitForAsync("the publisher connected", s => s.GetProperty("connectionState").GetString() == "connected", Limit);
        await publisher.GoLiveAsync("Unrecorded stream", "", record: false);
        var stats = await publisher.WaitForAsync("told", s => LivePage.State(s).GetProperty("recording").GetArrayLength() > 0, Limit);
        var told = LivePage.State(stats).GetProperty("recording")[0];
        Assert.That(told.GetProperty("Recording").GetBoolean(), Is.False);
        Assert.That(told.GetProperty("Message").GetString(), Does.Contain("not recorded"));

        await Task.Delay(TimeSpan.FromSeconds(3));
        await publisher.LeaveAsync();
        await ChromiumLiveTests.WaitUntilAsync("the entry marked ended", () => node.Catalog.Ended.Contains(node.Catalog.Created.Single().Id));
        var keys = new List<string>();
        await foreach (var key in node.Store.ListKeysAsync(ObjectBucket.Videos, "", CancellationToken.None))
        {
            keys.Add(key);
        }
        Assert.Multiple(() =>
        {
            Assert.That(node.Catalog.Recordings, Is.Empty);
            Assert.That(keys, Is.Empty, "no recording and no manifest in the store");
        });
    }

    private static async Task<string> ReadAsync(IObjectStore store, string key)
    {
        var info = await store.GetInfoAsync(ObjectBucket.Videos, key, CancellationToken.None);
        Assert.That(info, Is.Not.Null, $"{key} is in the store");
        var bytes = new byte[info!.Length];
        var read = await store.ReadPrefixAsync(ObjectBucket.Videos, key, bytes, CancellationToken.None);
        var file = Path.Combine(Path.GetTempPath(), $"myvid-recording-{Guid.NewGuid():N}.webm");
        await File.WriteAllBytesAsync(file, bytes.AsMemory(0, read));
        return file;
    }
}
