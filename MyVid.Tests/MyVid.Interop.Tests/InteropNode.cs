using System.Net.Http.Json;
using System.Text.Json;
using MyVid.Interop.Tests.Browsers;
using MyVid.Testing;

namespace MyVid.Interop.Tests;

/// <summary>
/// One MyVid node for the whole assembly, every role in the test process (api, endpoint and its media node), on SQLite
/// and the local store: each client publishes and watches through it as it would through a deployment. Firefox and
/// Chromium are launched once, on first use, and shared by the tests (a page per browser context).
/// </summary>
[SetUpFixture]
public sealed class InteropNode
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, BrowserDriver> Browsers = [];
    private static TestNode? _node;

    public static TestNode Node => _node ?? throw new InvalidOperationException("The node has not started.");

    public static Uri Url(string path) => new(Node.BaseUrl, path);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _node = await TestNode.StartAsync(Backend.Embedded, settings: new Dictionary<string, string>
        {
            // The media node's one UDP port on loopback, where every client of these tests is.
            ["Media:BindAddress"] = "127.0.0.1",
            ["Media:ViewerReportSeconds"] = "1",
            // Recording has tests of its own; here it would only add an ffmpeg per stream to a busy machine.
            ["Media:Recording:Enabled"] = "false",
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var browser in Browsers.Values)
        {
            await browser.DisposeAsync();
        }
        Browsers.Clear();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    internal static async Task<BrowserDriver> FirefoxAsync() =>
        Browsers.TryGetValue("firefox", out var firefox) ? firefox : Browsers["firefox"] = await BrowserDriver.LaunchFirefoxAsync();

    internal static async Task<BrowserDriver> ChromiumAsync() =>
        Browsers.TryGetValue("chromium", out var chromium) ? chromium : Browsers["chromium"] = await BrowserDriver.LaunchChromiumAsync();

    /// <summary>The catalogue ID of the live stream with <paramref name="title"/>: the node enters it once its media connected.</summary>
    public static async Task<string> LiveIdAsync(string title)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < Limit)
        {
            using var response = await Node.Http.PostAsJsonAsync("API/VIDEO/", new { Type = "WebRTC" });
            using var live = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (live.RootElement.EnumerateArray().FirstOrDefault(v => v.GetProperty("Title").GetString() == title) is { ValueKind: JsonValueKind.Object } entry)
            {
                return entry.GetProperty("ID").GetString()!;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"No live stream titled '{title}' within {Limit.TotalSeconds} s.");
        return "";
    }
}
