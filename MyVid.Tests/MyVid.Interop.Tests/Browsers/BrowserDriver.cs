using System.Collections.Concurrent;
using System.Text.Json;
using MyVid.Interop.Tests.Clients;
using MyVid.Testing;

namespace MyVid.Interop.Tests.Browsers;

/// <summary>
/// Firefox ESR (WebDriver BiDi) or Chromium (CDP) driven by puppeteer-core through <c>clients/browser.mjs</c>: one
/// browser process, a browser context per page, requests and replies as JSON lines matched by id.
/// </summary>
internal sealed class BrowserDriver : IAsyncDisposable
{
    private static readonly TimeSpan RequestLimit = TimeSpan.FromSeconds(60);
    private readonly ClientProcess _process;
    private readonly string _profile;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly Task _pump;
    private int _nextId;

    private BrowserDriver(ClientProcess process, string profile, string kind)
    {
        _process = process;
        _profile = profile;
        Kind = kind;
        _pump = PumpAsync();
    }

    /// <summary><c>firefox</c> or <c>chromium</c>.</summary>
    public string Kind { get; }

    public static async Task<BrowserDriver> LaunchFirefoxAsync()
    {
        _ = RealParts.Firefox;
        return await LaunchAsync("firefox");
    }

    public static async Task<BrowserDriver> LaunchChromiumAsync()
    {
        _ = RealParts.Chromium;
        return await LaunchAsync("chromium");
    }

    public async Task<BrowserPage> OpenAsync(Uri origin, string html)
    {
        var id = await RequestAsync(new { op = "open", url = new Uri(origin, "/healthz").AbsoluteUri, html });
        return new BrowserPage(this, id.GetInt32());
    }

    /// <summary>A JavaScript expression in the page (awaited when it is a promise); its JSON value.</summary>
    public Task<JsonElement> EvaluateAsync(int page, string expression) => RequestAsync(new { op = "eval", page, expression });

    public Task ClosePageAsync(int page) => RequestAsync(new { op = "close", page });

    /// <summary>Everything the driver and the browser printed, for a failure message.</summary>
    public string Output() => _process.Output();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        await _pump;
        Directory.Delete(_profile, recursive: true);
    }

    private static async Task<BrowserDriver> LaunchAsync(string kind)
    {
        // Headless Firefox needs a profile folder that exists; each launch gets a fresh one.
        var profile = Directory.CreateTempSubdirectory($"myvid-{kind}-").FullName;
        var process = ClientProcess.Start(RealParts.NodeJs, Path.Combine(RealParts.NpmPackage(ClientProcess.Folder, "puppeteer-core"), "browser.mjs"), kind, profile);
        try
        {
            var ready = await process.ReadAsync($"{kind} started", m => m.TryGetProperty("ready", out _), TimeSpan.FromSeconds(60));
            TestContext.Progress.WriteLine($"{kind}: {ready.GetProperty("ready").GetString()}");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new BrowserDriver(process, profile, kind);
    }

    private async Task<JsonElement> RequestAsync(object request)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var fields = JsonSerializer.SerializeToElement(request).EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        fields["id"] = JsonSerializer.SerializeToElement(id);
        await _process.WriteLineAsync(JsonSerializer.Serialize(fields));
        var answer = await reply.Task.WaitAsync(RequestLimit);
        if (answer.TryGetProperty("error", out var error))
        {
            Assert.Fail($"{Kind}: {error.GetString()}");
        }
        return answer.GetProperty("value");
    }

    private async Task PumpAsync()
    {
        await foreach (var message in _process.Messages.ReadAllAsync())
        {
            if (message.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var reply))
            {
                reply.SetResult(message);
            }
        }
        foreach (var reply in _pending.Values)
        {
            reply.TrySetException(new InvalidOperationException($"{Kind} ended:\n{_process.Output()}"));
        }
    }
}
