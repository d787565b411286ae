using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MyVid.Catalog.Persistence;
using static Microsoft.Playwright.Assertions;

namespace MyVid.Web.Tests;

/// <summary>
/// Issue #7: a viewer whose signalling socket was on an endpoint that died. Its media never went through the endpoint,
/// so the watch page keeps playing, asks <c>GET /API/VIDEO/{ID}</c> where the stream is now and joins there.
/// </summary>
[NonParallelizable]
public sealed class LiveFailoverTests : BrowserTest
{
    [Test]
    public async Task A_viewer_whose_endpoint_dies_keeps_playing_and_joins_at_the_moved_ControlURL()
    {
        var id = await LiveTests.GoLiveAsync(Page, "A stream whose endpoint fails", "");
        var viewer = await OpenOtherPageAsync();
        var sockets = new List<IWebSocketRoute>();
        await viewer.RouteWebSocketAsync(new Regex("/ENDPOINT/"), route =>
        {
            lock (sockets)
            {
                sockets.Add(route);
            }
            route.ConnectToServer();
        });
        await viewer.GotoAsync("/watch/" + id);
        var player = viewer.Locator("[data-live-player]");
        await Expect(player.Locator(".live-state")).ToHaveTextAsync("Connected", LiveTests.Slow);
        var video = player.Locator("video");
        Task<int> Frames() => video.EvaluateAsync<int>("v => v.getVideoPlaybackQuality().totalVideoFrames");
        int Sockets()
        {
            lock (sockets)
            {
                return sockets.Count;
            }
        }
        await PollAsync("a picture", Frames, f => f > 10, 30);

        // The failover: the catalogue entry now names another ControlURL (the same node under another URL here, as the
        // node's move to the surviving endpoint would), and the page's socket breaks; the node's side of it stays, as a
        // dead endpoint leaves the node's session waiting for its media to end. The page's look-up is held 3 s, so
        // the time between the two connections can be watched.
        string moved;
        await using (var scope = WebSite.Node.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var entry = await db.Videos.SingleAsync(v => v.Id == id);
            moved = entry.ControlUrl + "?moved=1";
            entry.ControlUrl = moved;
            await db.SaveChangesAsync();
        }
        await viewer.RouteAsync(new Regex($"/API/VIDEO/{id}$"), async route =>
        {
            await Task.Delay(3000);
            await route.ContinueAsync();
        });
        var before = await Frames();
        await sockets[0].CloseAsync(new() { Code = 1001, Reason = "endpoint gone" });

        await Expect(player).ToHaveAttributeAsync("data-state", "reconnecting");
        await PollAsync("frames from the old connection while the page looks the stream up (no new socket yet)",
            async () => (Frames: await Frames(), Sockets: Sockets()), s => s.Sockets == 1 && s.Frames > before + 10, 10);
        await Expect(player.Locator(".live-overlay")).ToBeHiddenAsync();

        await PollAsync("a new join", () => Task.FromResult(Sockets()), n => n == 2, 20);
        // The moved ControlURL, with the look-up's trace appended (docs/logging.md).
        Assert.That(sockets[1].Url, Does.StartWith(new Regex("^http").Replace(moved, "ws") + "&traceparent="), "the new join went to the moved ControlURL");
        await Expect(player.Locator(".live-state")).ToHaveTextAsync("Connected", LiveTests.Slow);
        await Expect(player.Locator(".live-overlay")).ToBeHiddenAsync();
        var after = await Frames();
        await PollAsync("frames through the new connection", Frames, f => f > after + 10, 15);
        // The old connection was closed once the new one played: the node counts one viewer again.
        await Expect(player.Locator("[data-viewers]")).ToHaveTextAsync("1 watching", LiveTests.Slow);
    }
}
