using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using MyVid.Testing;
using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Peer;
using MyVid.WebRtc.Srtp;

namespace MyVid.WebRtc.BrowserTests;

/// <summary>
/// Headless Chromium offers its fake camera (VP8) and microphone (Opus) to an <see cref="EchoServer"/>, which sends
/// the media straight back; the page must decode the echoed video and receive the echoed audio.
/// </summary>
[NonParallelizable]
public sealed class ChromiumEchoTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static readonly string[] ChromiumArgs =
    [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private static DtlsCertificate _certificate = null!;

    [OneTimeSetUp]
    public static void CreateCertificate() => _certificate = DtlsCertificate.Create(DateTimeOffset.UtcNow);

    [TestCase(SrtpProtectionProfile.AeadAes128Gcm, "SRTP_AEAD_AES_128_GCM")]
    [TestCase(SrtpProtectionProfile.Aes128CmHmacSha1Tag80, "SRTP_AES128_CM_HMAC_SHA1_80")]
    public async Task Chromium_decodes_the_vp8_and_opus_the_server_echoes(SrtpProtectionProfile profile, string chromiumCipherName)
    {
        string chromium = RealParts.Chromium;
        // The server's preference decides (RFC 5764 §4.1.1): offering only one profile forces it.
        var settings = new PeerSettings(_certificate)
        {
            Dtls = DtlsOptions.Default with { SrtpProfiles = profile == SrtpProtectionProfile.AeadAes128Gcm ? DtlsOptions.Default.SrtpProfiles : [profile] },
        };
        using var server = new EchoServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            ChromiumSandbox = false,
            Headless = true,
            Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync();
        // http://localhost is a secure context, so getUserMedia works; the page is served from memory.
        await page.RouteAsync("http://localhost/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html",
            Body = EchoPage(),
        }));
        await page.GotoAsync("http://localhost/echo.html");

        string offer = await page.EvaluateAsync<string>("offer()");
        string answer = server.Answer(offer, settings);
        await page.EvaluateAsync("sdp => answer(sdp)", answer);

        var (first, last) = await WaitForEchoedMedia(page);
        TestContext.Progress.WriteLine($"{profile}: echoed {server.Echoed} packets; page saw {last.RootElement}");
        var video = last.RootElement.GetProperty("video");
        var audio = last.RootElement.GetProperty("audio");
        Assert.Multiple(() =>
        {
            Assert.That(server.Driver.Connection.SrtpProfile!.Id, Is.EqualTo(profile));
            Assert.That(last.RootElement.GetProperty("transport").GetProperty("srtpCipher").GetString(), Is.EqualTo(chromiumCipherName));
            Assert.That(video.GetProperty("codec").GetString(), Is.EqualTo("video/VP8"));
            Assert.That(video.GetProperty("framesDecoded").GetInt32(),
                Is.GreaterThan(first.RootElement.GetProperty("video").GetProperty("framesDecoded").GetInt32()), "framesDecoded grows");
            Assert.That(audio.GetProperty("codec").GetString(), Is.EqualTo("audio/opus"));
            Assert.That(audio.GetProperty("packetsReceived").GetInt32(), Is.GreaterThan(0));
            Assert.That(audio.GetProperty("totalSamplesReceived").GetInt64(), Is.GreaterThan(0));
        });
    }

    /// <summary>Polls the page's stats until the echoed video has decoded frames twice in a row, growing.</summary>
    private static async Task<(JsonDocument First, JsonDocument Last)> WaitForEchoedMedia(IPage page)
    {
        var clock = Stopwatch.StartNew();
        JsonDocument? first = null;
        JsonDocument? last = null;
        while (clock.Elapsed < Limit)
        {
            await Task.Delay(500);
            last = JsonDocument.Parse(await page.EvaluateAsync<string>("stats()"));
            int frames = last.RootElement.TryGetProperty("video", out var video) ? video.GetProperty("framesDecoded").GetInt32() : 0;
            if (frames == 0)
            {
                continue;
            }

            first ??= last;
            if (frames >= first.RootElement.GetProperty("video").GetProperty("framesDecoded").GetInt32() + 20
                && last.RootElement.TryGetProperty("audio", out var audio) && audio.GetProperty("packetsReceived").GetInt32() > 0)
            {
                return (first, last);
            }
        }

        Assert.Fail($"no echoed media decoded within {Limit.TotalSeconds} s; last stats: {last?.RootElement}");
        throw new UnreachableException();
    }

    private static string EchoPage()
    {
        using var stream = typeof(ChromiumEchoTests).Assembly.GetManifestResourceStream("echo.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
