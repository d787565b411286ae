using System.Net;
using MyVid.Platform.Storage;
using MyVid.Testing;

namespace MyVid.Web.Tests;

/// <summary>What the server answers for the client's paths and files, and that the API's answers are untouched.</summary>
public sealed class ServerTests
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    private static HttpClient Http => WebSite.Node.Http;

    [TestCase("/")]
    [TestCase("/search?q=kde")]
    [TestCase("/watch/CCCanything")]
    [TestCase("/upload")]
    [TestCase("/live")]
    public async Task Client_pages_are_answered_with_the_app_shell(string path)
    {
        using var response = await GetAsync(path, BrowserAccept);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<script type=\"module\" src=\"/assets/js/app.js\">"));
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("script-src 'self'"));
        Assert.That(response.Headers.CacheControl?.NoCache, Is.True);
    }

    [Test]
    public async Task The_embedded_store_s_pages_connect_to_MyVid_alone()
    {
        using var response = await GetAsync("/upload", BrowserAccept);
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("connect-src 'self';"));
    }

    [Test]
    public void With_S3_the_page_may_connect_to_the_store_browsers_reach_and_to_configured_origins()
    {
        var s3 = new ObjectStoreOptions { Provider = ObjectStoreProvider.S3 };
        s3.S3.ServiceUrl = "http://10.0.0.5:7480";
        s3.S3.PublicServiceUrl = "https://s3.example.org:8443/";
        var web = new WebOptions { ConnectSources = ["https://upload.example.org/", "wss://live.example.org"] };
        Assert.That(ContentSecurityPolicy.ConnectSources(s3, web),
            Is.EqualTo(new[] { "'self'", "https://s3.example.org:8443", "https://upload.example.org", "wss://live.example.org" }));
        s3.S3.PublicServiceUrl = null;
        Assert.That(ContentSecurityPolicy.ConnectSources(s3, new WebOptions()), Is.EqualTo(new[] { "'self'", "http://10.0.0.5:7480" }));
        s3.S3.ServiceUrl = null;
        s3.S3.Region = "eu-west-1";
        Assert.That(ContentSecurityPolicy.ConnectSources(s3, new WebOptions()),
            Is.EqualTo(new[] { "'self'", "https://s3.eu-west-1.amazonaws.com", "https://s3.amazonaws.com" }));
        Assert.That(ContentSecurityPolicy.ConnectSources(new ObjectStoreOptions(), new WebOptions()), Is.EqualTo(new[] { "'self'" }));
    }

    [TestCase("https://upload.example.org", true)]
    [TestCase("wss://live.example.org:8443/", true)]
    [TestCase("https://upload.example.org/path", false)]
    [TestCase("*", false)]
    [TestCase("ftp://example.org", false)]
    public void Web_ConnectSources_take_origins_only(string value, bool valid) =>
        Assert.That(new WebOptionsValidator().Validate(new WebOptions { ConnectSources = [value] }).IsValid, Is.EqualTo(valid));

    [Test]
    public async Task An_unknown_page_in_a_browser_gets_the_shell_with_404_and_anything_else_problem_json()
    {
        using var page = await GetAsync("/no/such/page", BrowserAccept);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        using var api = await GetAsync("/no/such/page", "application/json");
        Assert.That(api.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("/API/VIDEO/CCCnotThere1")]
    [TestCase("/API/NOTHING")]
    [TestCase("/API/VIDEO/a/b")]
    [TestCase("/api/nothing")]
    public async Task API_404s_stay_problem_json_even_for_a_browser(string path)
    {
        using var response = await GetAsync(path, BrowserAccept);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task API_methods_keep_their_answers()
    {
        using var wrongMethod = await Http.PostAsync("/API/VIDEO/CCCanything", null);
        Assert.That(wrongMethod.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        using var unknown = await Http.PostAsync("/API/NOTHING", null);
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Files_carry_their_type_and_an_ETag_and_answer_304_when_unchanged()
    {
        using var first = await GetAsync("/assets/js/app.js", "*/*");
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(first.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"));
        Assert.That(first.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        var etag = first.Headers.ETag!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/assets/js/app.js");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await Http.SendAsync(request);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        using var missing = await GetAsync("/assets/js/nothing.js", "*/*");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Files_are_sent_gzipped_to_a_browser_that_takes_gzip()
    {
        using var plain = await GetAsync("/assets/js/router.js", "*/*");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/assets/js/router.js");
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate");
        using var zipped = await Http.SendAsync(request);
        Assert.That(zipped.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        Assert.That(zipped.Headers.ETag, Is.Not.EqualTo(plain.Headers.ETag));
        Assert.That(plain.Content.Headers.ContentEncoding, Is.Empty);
        await using var gzip = new System.IO.Compression.GZipStream(await zipped.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        Assert.That(await reader.ReadToEndAsync(), Is.EqualTo(await plain.Content.ReadAsStringAsync()));
    }

    [Test]
    public void The_whole_client_stays_small()
    {
        var assets = WebAssets.LoadEmbedded();
        var total = assets.Paths.Sum(p => assets.Find(p)!.Content.Length);
        var gzipped = assets.Paths.Sum(p => assets.Find(p)!.Gzipped.Length);
        TestContext.Out.WriteLine($"web client: {assets.Paths.Count()} files, {total} bytes, {gzipped} bytes gzipped file by file");
        // The upload page's ~30 KB (scripts and styles) load only on /upload, the live pages' ~35 KB only on /live and
        // a live stream's watch page: the other pages weigh what they did.
        Assert.That(total, Is.LessThan(120 * 1024), "the client is meant to stay light: no framework, no bundle");
    }

    [Test]
    public async Task The_web_client_is_off_without_the_api_role()
    {
        await using var endpoint = await TestNode.StartAsync(Backend.Embedded, roles: "endpoint");
        using var response = await endpoint.Http.GetAsync("/assets/js/app.js");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static async Task<HttpResponseMessage> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return await Http.SendAsync(request);
    }
}
