using System.Net;
using MyVid.Catalog.Contracts;
using MyVid.Testing;

namespace MyVid.Upload.Tests;

/// <summary>After publishing, ffprobe records duration, size and codecs, and ffmpeg makes a poster when there is no preview.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class ProbeTests(Backend backend) : UploadNodeFixture(backend)
{
    [Test]
    public async Task A_real_mp4_gets_its_duration_size_codec_and_a_poster_recorded()
    {
        var mp4 = await Media.RealMp4Async();
        var id = await PublishAsync("Real clip", "clip.mp4", mp4, "video/mp4");
        var probe = await WaitForProbeAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(probe.Error, Is.Null);
            Assert.That(probe.DurationSeconds, Is.EqualTo(3.0).Within(0.2));
            Assert.That(probe.Width, Is.EqualTo(320));
            Assert.That(probe.Height, Is.EqualTo(240));
            Assert.That(probe.VideoCodec, Is.Not.Null.And.Not.Empty);
        });
        Assert.That((await Node.CatalogVideoAsync(id))!.PreviewObjectKey, Is.EqualTo(id + "_poster.jpg"));
        var (status, details) = await Api.VideoAsync(id);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(details.GetProperty("duration").GetDouble(), Is.EqualTo(3.0).Within(0.2));
        Assert.That(details.GetProperty("width").GetInt32(), Is.EqualTo(320));
        Assert.That(details.GetProperty("height").GetInt32(), Is.EqualTo(240));
        Assert.That(details.GetProperty("videoCodec").GetString(), Is.EqualTo(probe.VideoCodec));
        Assert.That(details.TryGetProperty("processingError", out _), Is.False);
        var poster = await UploadApi.Plain.GetByteArrayAsync(details.GetProperty("Preview").GetString());
        Assert.That(poster[..3], Is.EqualTo(new byte[] { 0xFF, 0xD8, 0xFF }));
    }

    [Test]
    public async Task A_file_ffprobe_cannot_read_stays_published_with_the_failure_recorded()
    {
        var id = await PublishAsync("Noise", "noise.mp4", Media.FakeMp4(50_000), "video/mp4");
        var probe = await WaitForProbeAsync(id);
        Assert.That(probe.Error, Does.StartWith("ffprobe"));
        Assert.That(probe.Error, Does.Not.Contain("X-Amz").And.Not.Contain("X-MyVid"), "no signed URL in the message");
        Assert.That((await Node.CatalogVideoAsync(id))!.IsPublic, Is.True);
        Assert.That((await Node.CatalogVideoAsync(id))!.PreviewObjectKey, Is.Null);
        var (status, details) = await Api.VideoAsync(id);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(details.GetProperty("processingError").GetString(), Is.EqualTo(probe.Error), "the failure is visible on the video");
    }

    private async Task<string> PublishAsync(string title, string name, byte[] bytes, string type)
    {
        var body = await Api.BeginAsync(title, name, null);
        await UploadApi.PutOkAsync(body.GetProperty("VideoURL").GetString()!, bytes, type);
        var id = body.GetProperty("ID").GetString()!;
        var (status, json) = await Api.PublishAsync(id, body.GetProperty("Token").GetString());
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        return id;
    }

    private async Task<VideoProbeResult> WaitForProbeAsync(string id)
    {
        for (var i = 0; i < 150; i++)
        {
            if ((await Node.CatalogVideoAsync(id))?.Probe is { } probe)
            {
                return probe;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"Video {id} was not probed within 30 s.");
        return null!;
    }
}
