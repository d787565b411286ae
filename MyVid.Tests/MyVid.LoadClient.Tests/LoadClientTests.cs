using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyVid.Media;
using MyVid.Platform;
using MyVid.Platform.Roles;

namespace MyVid.LoadClient.Tests;

/// <summary>
/// The load client's publisher and five viewers against the Media module in process, reached through its
/// bench-only <c>/bench/session</c> (<c>Media:DirectSessionsForBenchmarks</c>): every viewer connects, gets a key
/// frame (from the node's cache or asked of the publisher), receives the stream without loss, and decrypts its samples.
/// </summary>
[NonParallelizable]
public sealed class LoadClientTests
{
    [Test]
    public async Task Five_viewers_receive_the_published_stream_without_loss()
    {
        await using var node = await LiveNode.StartAsync();
        var report = await ViewersRun.RunAsync(new ViewersOptions(node.SessionUrl, node.StreamId, Count: 5)
        {
            Rate = 10,
            Seconds = 3,
            Threads = 2,
            SampleEvery = 8,
        }, TestContext.Progress, node.Stop);
        report.Print(TestContext.Progress);
        using var stats = await node.StatsAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Connected, Is.EqualTo(5), () => string.Join("; ", report.Errors.Keys));
            Assert.That(report.WithKeyframe, Is.EqualTo(5), "every viewer saw a key frame (decrypted)");
            Assert.That(report.Viewers.Select(v => v.Packets), Has.All.GreaterThan(200), "~130 packets/s for 3 s and more");
            Assert.That(report.LossPercent, Is.LessThan(0.5));
            Assert.That(report.Decrypted, Is.GreaterThan(5 * 10));
            Assert.That(report.DecryptFailed, Is.Zero);
            Assert.That(report.Viewers.Select(v => v.VideoJitterMs), Has.All.GreaterThan(0));
            Assert.That(stats.RootElement.GetProperty("packetsForwarded").GetInt64(), Is.GreaterThan(5 * 200));
            // A joining viewer starts from the node's cached keyframe when a recent one is whole, else the node asks the publisher.
            Assert.That(node.Publisher.KeyframeRequests + stats.RootElement.GetProperty("viewersStartedFromCache").GetInt64(), Is.GreaterThan(0),
                "the viewers' key frames came from the node's cache or a request to the publisher");
        }
    }

    [Test]
    public async Task A_node_without_the_benchmark_option_has_no_direct_sessions()
    {
        await using var node = await StartNodeAsync(direct: false);
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(new Uri(node.Urls.First()), "/bench/stats"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    internal static async Task<WebApplication> StartNodeAsync(bool direct = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Media:BindAddress"] = "127.0.0.1",
            ["Media:DirectSessionsForBenchmarks"] = direct ? "true" : "false",
            // The load client measures forwarding; the node's object store (for recordings) stays in the test's folder.
            ["Media:Recording:Enabled"] = "false",
            ["Node:DataFolder"] = Path.Combine(TestContext.CurrentContext.WorkDirectory, "media-node", Guid.NewGuid().ToString("N")),
        });
        builder.Services.AddPlatform(builder.Configuration, new ActiveRoles(NodeRoles.Media));
        var module = new MediaModule();
        module.AddServices(builder.Services, builder.Configuration, new ActiveRoles(NodeRoles.Media));
        var app = builder.Build();
        module.MapEndpoints(app, new ActiveRoles(NodeRoles.Media));
        await app.StartAsync();
        return app;
    }
}
