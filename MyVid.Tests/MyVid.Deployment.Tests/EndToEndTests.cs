using MyVid.Drills;

namespace MyVid.Deployment.Tests;

/// <summary>Issue 13: the deployment passes an upload and a live stream end to end over HTTPS and WSS, through HAProxy.</summary>
[NonParallelizable]
public sealed class EndToEndTests
{
    [Test]
    public async Task An_upload_plays_back_its_bytes_and_a_viewer_receives_a_live_stream_over_HTTPS_and_WSS()
    {
        var deployment = Topology.Current;
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var api = Drills.Deployment.Client(deployment.Api, waitOutLimits: true);
        using var files = Drills.Deployment.Client();
        Assert.That(deployment.Api.Scheme, Is.EqualTo("https"));

        var video = UploadFlow.FakeMp4(300_000);
        var upload = await UploadFlow.RunAsync(api, files, "end to end " + Guid.NewGuid().ToString("N")[..6], video, limit.Token);
        Assert.That(upload.SameBytes, Is.True, "GET of the published video's URL gives back the uploaded bytes");
        Assert.That(deployment.Endpoints.Select(e => e.Authority), Does.Contain(upload.UploadServer.Authority));
        Assert.That(upload.UploadServer.Scheme, Is.EqualTo("https"), "NEWUPLOAD names the endpoint's public HTTPS URL");

        await using var live = await LiveSession.StartAsync(api, TestContext.Progress, limit.Token);
        Assert.That(live.ControlUrl.Scheme, Is.EqualTo("wss"));
        Assert.That(deployment.Endpoints.Select(e => e.Authority), Does.Contain(live.EndpointAuthority), "signalling goes through HAProxy");
        var report = await live.WatchAsync(1, 2, TestContext.Progress, limit.Token);
        report.Print(TestContext.Progress);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Connected, Is.EqualTo(1), () => string.Join("; ", report.Errors.Keys));
            Assert.That(report.WithKeyframe, Is.EqualTo(1), "the viewer decrypted a key frame of the publisher's stream");
            Assert.That(report.Viewers[0].Packets, Is.GreaterThan(100), "~130 packets a second for 2 s");
            Assert.That(report.DecryptFailed, Is.Zero);
        }
    }
}
