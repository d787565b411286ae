using Microsoft.Playwright;
using MyVid.Testing;

namespace MyVid.Web.Tests;

/// <summary>
/// A fixture that drives Debian's Chromium through Playwright: one browser per fixture, a fresh context (no
/// storage, 1280×800) and page per test. Screenshots go to the test output's <c>screenshots/</c> folder.
/// </summary>
public abstract class BrowserTest
{
    public const int DesktopWidth = 1280;
    public const int DesktopHeight = 800;
    public const int PhoneWidth = 390;
    public const int PhoneHeight = 844;

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowserContext? _context;

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
                "--disable-component-update", "--disable-sync"],
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
        _context = await _browser!.NewContextAsync(ContextOptions());
        _context.SetDefaultTimeout(15_000);
        Page = await _context.NewPageAsync();
        PageErrors.Clear();
        Page.PageError += (_, error) => PageErrors.Add(error);
        Page.Console += (_, message) =>
        {
            // A preview or video on the unreachable CDN is expected to fail; script errors are not.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                PageErrors.Add(message.Text);
            }
        };
    }

    [TearDown]
    public async Task ClosePageAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
        Assert.That(PageErrors, Is.Empty, "the page reported errors");
    }

    protected virtual BrowserNewContextOptions ContextOptions() => new()
    {
        ViewportSize = new ViewportSize { Width = DesktopWidth, Height = DesktopHeight },
        BaseURL = WebSite.Node.BaseUrl.AbsoluteUri,
    };

    protected Task<IResponse?> OpenAsync(string path) => Page.GotoAsync(path);

    /// <summary>Saves the page at desktop and phone widths as <c>{name}-desktop.png</c> and <c>{name}-phone.png</c>.</summary>
    protected async Task ScreenshotsAsync(string name, bool phone = true)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await SettleAsync();
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + "-desktop.png") });
        if (!phone)
        {
            return;
        }
        await Page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        await SettleAsync();
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + "-phone.png") });
        await Page.SetViewportSizeAsync(DesktopWidth, DesktopHeight);
    }

    /// <summary>Lets layout, lazy images and transitions finish before a screenshot.</summary>
    private async Task SettleAsync()
    {
        await Page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        await Page.WaitForTimeoutAsync(400);
    }
}
