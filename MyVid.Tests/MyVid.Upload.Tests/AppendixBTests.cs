using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MyVid.Testing;

namespace MyVid.Upload.Tests;

/// <summary>Appendix B end to end from a plain HTTP client, on the local store and SQLite, and on Ceph RGW and MariaDB.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class AppendixBTests(Backend backend) : UploadNodeFixture(backend)
{
    [Test]
    public async Task NEWUPLOAD_names_this_node_s_NEWVIDEOUPLOAD()
    {
        Assert.That(await Api.NewUploadAsync(), Is.EqualTo(new Uri(Node.BaseUrl, "NEWVIDEOUPLOAD").AbsoluteUri));
        using var post = await Node.Http.PostAsync("API/NEWUPLOAD/", null);
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // The limits come along, so a client can refuse a file before sending anything.
        using var answer = JsonDocument.Parse(await post.Content.ReadAsStringAsync());
        var defaults = new UploadOptions();
        Assert.That(answer.RootElement.GetProperty("MaxVideoBytes").GetInt64(), Is.EqualTo(defaults.MaxVideoBytes));
        Assert.That(answer.RootElement.GetProperty("MaxPreviewBytes").GetInt64(), Is.EqualTo(defaults.MaxPreviewBytes));
    }

    [Test]
    public async Task An_upload_published_is_found_by_search_and_its_URL_serves_the_same_bytes_with_Range()
    {
        var word = "zebra" + Guid.NewGuid().ToString("N")[..8];
        var video = Media.FakeMp4(300_000);
        var server = await Api.NewUploadAsync();
        // The appendix's own body, casing as written.
        var (status, body) = await UploadApi.PostJsonAsync(server, $$"""
            {"title": "Video Title {{word}}", "description": "Video Description\r\nGoes Here", "PreviewFilename": "Banner.jpg", "VideoFilename": "MyVideo.mp4"}
            """);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var id = body.GetProperty("ID").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("Token").GetString(), Has.Length.GreaterThan(30));
            Assert.That(body.GetProperty("VideoURL").GetString(), Does.Contain(id + "_MyVideo.mp4"));
            Assert.That(body.GetProperty("PreviewURL").GetString(), Does.Contain(id + "_Banner.jpg"));
        });
        var privateVideo = await Api.VideoAsync(id);
        Assert.That(privateVideo.Status, Is.EqualTo(HttpStatusCode.NotFound), "private until published: " + privateVideo.Body);

        await UploadApi.PutOkAsync(body.GetProperty("PreviewURL").GetString()!, Media.Jpeg, body.GetProperty("PreviewContentType").GetString());
        await UploadApi.PutOkAsync(body.GetProperty("VideoURL").GetString()!, video, body.GetProperty("VideoContentType").GetString());
        var (published, publishBody) = await Api.PublishAsync(id, body.GetProperty("Token").GetString());
        Assert.That(published, Is.EqualTo(HttpStatusCode.OK), publishBody.ToString());

        var found = await Api.SearchAsync(word);
        Assert.That(found.EnumerateArray().Select(v => v.GetProperty("ID").GetString()), Is.EqualTo(new[] { id }));
        var (getStatus, details) = await Api.VideoAsync(id);
        Assert.That(getStatus, Is.EqualTo(HttpStatusCode.OK));
        var url = details.GetProperty("URL").GetString()!;
        Assert.That(await UploadApi.Plain.GetByteArrayAsync(url), Is.EqualTo(video));
        Assert.That(await UploadApi.Plain.GetByteArrayAsync(details.GetProperty("Preview").GetString()), Is.EqualTo(Media.Jpeg));

        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var partial = await UploadApi.Plain.SendAsync(range);
        Assert.That(partial.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(await partial.Content.ReadAsByteArrayAsync(), Is.EqualTo(video[1000..2000]));
    }

    [Test]
    public async Task Publishing_twice_is_the_same_success()
    {
        var body = await Api.BeginAsync("Twice", "a.webm", null);
        await UploadApi.PutOkAsync(body.GetProperty("VideoURL").GetString()!, new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 1, 2, 3 }, body.GetProperty("VideoContentType").GetString());
        var id = body.GetProperty("ID").GetString()!;
        var token = body.GetProperty("Token").GetString();
        Assert.That((await Api.PublishAsync(id, token)).Status, Is.EqualTo(HttpStatusCode.OK));
        var (again, json) = await Api.PublishAsync(id, token);
        Assert.That(again, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json.GetProperty("Public").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Browsers_may_PUT_across_origins_to_the_signed_URLs()
    {
        var body = await Api.BeginAsync("Cors", "c.mp4", "c.png");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, body.GetProperty("VideoURL").GetString());
        preflight.Headers.Add("Origin", "https://myvid.example");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await UploadApi.Plain.SendAsync(preflight);
        Assert.That((int)response.StatusCode, Is.InRange(200, 204));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.AnyOf("*", "https://myvid.example"));
        Assert.That(string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), Does.Contain("PUT"));
    }

    [Test]
    public async Task A_page_on_the_api_host_may_call_NEWVIDEOUPLOAD_on_another_endpoint_host()
    {
        var server = await Api.NewUploadAsync();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, server);
        preflight.Headers.Add("Origin", "https://myvid.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using (var response = await UploadApi.Plain.SendAsync(preflight))
        {
            Assert.That((int)response.StatusCode, Is.InRange(200, 204));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
            Assert.That(string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), Does.Contain("POST"));
        }
        using var post = new HttpRequestMessage(HttpMethod.Post, server)
        {
            Content = new StringContent("{\"title\":\"x\",\"VideoFilename\":\"x.mp4\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        post.Headers.Add("Origin", "https://myvid.example");
        using var answer = await UploadApi.Plain.SendAsync(post);
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(answer.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"), "the browser may read the answer");
    }
}
