using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Persistence;
using MyVid.Platform.Storage;
using MyVid.Testing;

namespace MyVid.Catalog.Tests;

/// <summary>GET /API/VIDEO/{ID}: the three kinds, answered in Appendix A's and D's exact shapes.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class VideoDetailsTests(Backend backend)
{
    private readonly byte[] _videoBytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
    private readonly byte[] _previewBytes = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4];
    private TestNode? _node;
    private Video _remote = null!;
    private Video _stored = null!;
    private Video _live = null!;
    private Video _private = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _node = await TestNode.StartAsync(backend);
        _remote = CatalogSeed.NewVideo("A CCC talk");
        _stored = CatalogSeed.NewVideo("An upload", VideoKind.MyVid);
        _stored.VideoObjectKey = _stored.Id + "_talk.webm";
        _stored.PreviewObjectKey = _stored.Id + "_banner.jpg";
        _stored.DurationSeconds = 61.5;
        _live = CatalogSeed.NewVideo("Live now", VideoKind.WebRtc);
        _live.ControlUrl = "https://b.media.example/ENDPOINT/XYZ";
        _live.StreamId = "3443";
        _private = CatalogSeed.NewVideo("Not yet published", VideoKind.MyVid, VideoVisibility.Private);
        _private.VideoObjectKey = _private.Id + "_x.mp4";
        await CatalogSeed.AddAsync(_node, _remote, _stored, _live, _private);
        var store = _node!.Services.GetRequiredService<IObjectStore>();
        await store.PutAsync(ObjectBucket.Videos, _stored.VideoObjectKey, new MemoryStream(_videoBytes), "video/webm", CancellationToken.None);
        await store.PutAsync(ObjectBucket.Previews, _stored.PreviewObjectKey, new MemoryStream(_previewBytes), "image/jpeg", CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    [Test]
    public async Task A_remote_video_is_type_HTTP_with_exactly_the_appendix_properties()
    {
        var json = await GetAsync(_remote.Id);
        Assert.That(Names(json), Is.EquivalentTo(new[] { "type", "URL", "Preview", "title", "description", "duration" }));
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("type").GetString(), Is.EqualTo("HTTP"));
            Assert.That(json.GetProperty("URL").GetString(), Is.EqualTo(_remote.Url));
            Assert.That(json.GetProperty("Preview").GetString(), Is.EqualTo(_remote.PreviewUrl));
            Assert.That(json.GetProperty("title").GetString(), Is.EqualTo(_remote.Title));
            Assert.That(json.GetProperty("description").GetString(), Is.EqualTo(_remote.Description));
        });
    }

    [Test]
    public async Task A_stored_video_is_answered_as_HTTP_with_signed_urls_that_serve_its_bytes()
    {
        var json = await GetAsync(_stored.Id);
        Assert.That(json.GetProperty("type").GetString(), Is.EqualTo("HTTP"));
        Assert.That(json.GetProperty("duration").GetDouble(), Is.EqualTo(61.5));
        using var http = new HttpClient();
        var video = await http.GetByteArrayAsync(json.GetProperty("URL").GetString());
        var preview = await http.GetByteArrayAsync(json.GetProperty("Preview").GetString());
        Assert.That(video, Is.EqualTo(_videoBytes));
        Assert.That(preview, Is.EqualTo(_previewBytes));
    }

    [Test]
    public async Task A_signed_url_serves_ranges_with_the_content_type()
    {
        var url = (await GetAsync(_stored.Id)).GetProperty("URL").GetString();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("video/webm"));
        Assert.That(response.Content.Headers.ContentRange?.Length, Is.EqualTo(_videoBytes.Length));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(_videoBytes[1000..2000]));
    }

    [Test]
    public async Task A_tampered_signed_url_is_refused_with_403()
    {
        var url = (await GetAsync(_stored.Id)).GetProperty("URL").GetString()!;
        var otherObject = url.Replace("_talk.webm", "_other.webm", StringComparison.Ordinal);
        using var http = new HttpClient();
        using var response = await http.GetAsync(otherObject);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task An_expired_signed_url_is_refused_with_403()
    {
        var store = _node!.Services.GetRequiredService<IObjectStore>();
        var url = store.GetDownloadUrl(ObjectBucket.Videos, _stored.VideoObjectKey!, DateTimeOffset.UtcNow.AddSeconds(3));
        using var http = new HttpClient();
        using (var fresh = await http.GetAsync(url))
        {
            Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.OK), "still valid");
        }
        // Signed expiries are whole seconds: wait past the next second boundary after the expiry.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        using var expired = await http.GetAsync(url);
        Assert.That(expired.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_live_stream_is_type_WebRTC_with_its_control_url_and_stream_id()
    {
        var json = await GetAsync(_live.Id);
        Assert.That(Names(json), Is.SupersetOf(new[] { "type", "ControlURL", "StreamID" }));
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("type").GetString(), Is.EqualTo("WebRTC"));
            Assert.That(json.GetProperty("ControlURL").GetString(), Is.EqualTo(_live.ControlUrl));
            Assert.That(json.GetProperty("StreamID").GetString(), Is.EqualTo("3443"));
        });
    }

    [Test]
    public async Task A_private_video_is_not_found()
    {
        await AssertProblemAsync(_private.Id, HttpStatusCode.NotFound);
    }

    [TestCase("doesNotExist42")]
    [TestCase("..%2F..%2Fetc")]
    [TestCase("a%20b")]
    public async Task An_unknown_or_malformed_id_is_a_404_problem(string id)
    {
        await AssertProblemAsync(id, HttpStatusCode.NotFound);
    }

    private async Task AssertProblemAsync(string id, HttpStatusCode status)
    {
        using var response = await _node!.Http.GetAsync("API/VIDEO/" + id);
        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    private async Task<JsonElement> GetAsync(string id)
    {
        using var response = await _node!.Http.GetAsync("API/VIDEO/" + id);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string[] Names(JsonElement json) => json.EnumerateObject().Select(p => p.Name).ToArray();
}
