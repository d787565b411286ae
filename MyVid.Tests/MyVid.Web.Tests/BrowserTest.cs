using Microsoft.Playwright;
using MyVid.Testing;

namespace MyVid.Web.Tests;

/// <summary>
/// A fixture that drives Debian's Chromium through Playwright: one browser per fixture, a fresh context (no
/// storage, 1280×800) and page per test, more on demand (<see cref="OpenOtherPageAsync"/>). The browser has a fake
/// camera and microphone it may use without asking. Screenshots go to the test output's <c>screenshots/</c> folder.
/// </summary>
public abstract class BrowserTest
{
    public const int DesktopWidth = 1280;
    public const int DesktopHeight = 800;
    public const int PhoneWidth = 390;
    public const int PhoneHeight = 844;

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly List<IBrowserContext> _contexts = [];

    protected IPage Page { get; private set; } = null!;

    /// <summary>Messages the page wrote to its console as errors, and uncaught exceptions: a test fails on any.</summary>
    protected List<string> PageErrors { get; } = [];

    public static string ScreenshotFolder => Path.Combine(TestContext.CurrentContext.TestDirectory, "screenshots");

    [OneTimeSetUp]
    public async Task LaunchAsync()
    {
        var chromium = RealParts.Chromium;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            ChromiumSandbox = false,
            Headless = true,
            Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
        });
    }

    [OneTimeTearDown]
    public async Task CloseAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }

    [SetUp]
    public async Task OpenPageAsync()
    {
        PageErrors.Clear();
        Page = await OpenOtherPageAsync();
    }

    /// <summary>A page in a context of its own (another person's browser), closed after the test; its errors fail the test too.</summary>
    protected async Task<IPage> OpenOtherPageAsync()
    {
        var context = await _browser!.NewContextAsync(ContextOptions());
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => PageErrors.Add(error);
        page.Console += (_, message) =>
        {
            // A preview or video on the unreachable CDN, or a live server that cannot be reached, is expected to
            // fail (the page says so in words); script errors are not.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)
                && !message.Text.StartsWith("WebSocket connection to", StringComparison.Ordinal))
            {
                PageErrors.Add(message.Text);
            }
        };
        return page;
    }

    [TearDown]
    public async Task ClosePageAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
        _contexts.Clear();
        Assert.That(PageErrors, Is.Empty, "the page reported errors");
    }

    protected virtual BrowserNewContextOptions ContextOptions() => new()
    {
        ViewportSize = new ViewportSize { Width = DesktopWidth, Height = DesktopHeight },
        BaseURL = WebSite.Node.BaseUrl.AbsoluteUri,
    };

    /// <summary>Reads until <paramref name="done"/> holds; fails with the last value after <paramref name="seconds"/>.</summary>
    protected static async Task PollAsync<T>(string what, Func<Task<T>> read, Func<T, bool> done, int seconds)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        T last;
        while (!done(last = await read()))
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"{what}: not within {seconds} s; last value {last}");
            }
            await Task.Delay(200);
        }
    }

    protected Task<IResponse?> OpenAsync(string path) => Page.GotoAsync(path);

    /// <summary>
    /// The bytes the open page cost: its document and its own files (<c>/assets/</c>), headers included; printed with
    /// the request count and the decoded size.
    /// </summary>
    protected async Task<int> TransferredBytesAsync(string name)
    {
        var weight = await Page.EvaluateAsync<int[]>(
            """
            () => {
              const own = performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname.startsWith('/assets/'));
              const page = performance.getEntriesByType('navigation')[0];
              return [own.length + 1, page.transferSize + own.reduce((sum, e) => sum + e.transferSize, 0),
                      page.decodedBodySize + own.reduce((sum, e) => sum + e.decodedBodySize, 0)];
            }
            """);
        await TestContext.Out.WriteLineAsync($"{name}: {weight[0]} requests, {weight[1]} bytes transferred (headers included), {weight[2]} bytes decoded");
        return weight[1];
    }

    /// <summary>
    /// Saves the page (<paramref name="page"/>, else <see cref="Page"/>) at desktop and phone widths as
    /// <c>{name}-desktop.png</c> and <c>{name}-phone.png</c>.
    /// </summary>
    protected static async Task ScreenshotsAsync(IPage page, string name, bool phone = true)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await SettleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + "-desktop.png") });
        if (!phone)
        {
            return;
        }
        await page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        await SettleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + "-phone.png") });
        await page.SetViewportSizeAsync(DesktopWidth, DesktopHeight);
    }

    protected Task ScreenshotsAsync(string name, bool phone = true) => ScreenshotsAsync(Page, name, phone);

    /// <summary>Lets layout, lazy images and transitions finish before a screenshot.</summary>
    private static async Task SettleAsync(IPage page)
    {
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        await page.WaitForTimeoutAsync(400);
    }
}
