using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MyVid.Testing;

namespace MyVid.Upload.Tests;

/// <summary>
/// A large video in 5 MiB parts: interrupted midway, resumed from the parts call, published, bytes equal, at the
/// issue's 200 MB.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
// The probe job has nothing to learn from 200 MB of noise.
public sealed class MultipartTests(Backend backend) : UploadNodeFixture(backend, ("Upload:Probe:Enabled", "false"))
{
    private const int PartSize = 5 * 1024 * 1024;
    [Test]
    public Task A_200_MB_upload_interrupted_midway_resumes_and_publishes_the_same_bytes() => UploadInterruptedAsync(200 * 1000 * 1000);

    [Test]
    public async Task A_small_video_is_a_single_PUT_and_the_parts_call_says_so()
    {
        var body = await Api.BeginAsync("Small", "small.mp4", null, videoSize: 1000);
        Assert.That(body.GetProperty("Multipart").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var (status, problem) = await PartsAsync(body);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("not a multipart upload"));
    }

    [Test]
    public async Task A_part_of_the_wrong_size_is_refused_at_publish()
    {
        var body = await Api.BeginAsync("Bad parts", "bad.mp4", null, videoSize: PartSize + 10);
        var parts = body.GetProperty("Multipart").GetProperty("Parts");
        await UploadApi.PutOkAsync(parts[0].GetProperty("URL").GetString()!, Media.FakeMp4(PartSize - 1), null);
        await UploadApi.PutOkAsync(parts[1].GetProperty("URL").GetString()!, new byte[10], null);
        var (status, problem) = await Api.PublishAsync(body.GetProperty("ID").GetString()!, body.GetProperty("Token").GetString());
        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain($"part 1 is {PartSize - 1} bytes, expected {PartSize}"));
    }

    private async Task UploadInterruptedAsync(int size)
    {
        var video = Media.FakeMp4(size);
        var body = await Api.BeginAsync("Large", "large.mp4", null, videoSize: size);
        Assert.That(body.GetProperty("VideoURL").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var multipart = body.GetProperty("Multipart");
        var count = (size + PartSize - 1) / PartSize;
        Assert.That(multipart.GetProperty("PartSize").GetInt64(), Is.EqualTo(PartSize));
        Assert.That(multipart.GetProperty("PartCount").GetInt32(), Is.EqualTo(count));
        var urls = multipart.GetProperty("Parts").EnumerateArray().ToDictionary(p => p.GetProperty("PartNumber").GetInt32(), p => p.GetProperty("URL").GetString()!);
        Assert.That(urls.Keys, Is.EqualTo(Enumerable.Range(1, count)));

        // The browser sends half the parts, then the connection drops.
        var half = count / 2;
        for (var n = 1; n <= half; n++)
        {
            await UploadApi.PutOkAsync(urls[n], Part(video, n), null);
        }
        var id = body.GetProperty("ID").GetString()!;
        var token = body.GetProperty("Token").GetString();
        var (early, earlyProblem) = await Api.PublishAsync(id, token);
        Assert.That(early, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(earlyProblem.GetProperty("detail").GetString(), Does.Contain($"{count - half} of the video's {count} parts have not been uploaded"));

        // Later it asks what is stored and gets fresh URLs for the rest.
        var (status, resume) = await PartsAsync(body);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), resume.ToString());
        Assert.That(resume.GetProperty("Stored").EnumerateArray().Select(p => p.GetProperty("PartNumber").GetInt32()), Is.EqualTo(Enumerable.Range(1, half)));
        Assert.That(resume.GetProperty("Stored").EnumerateArray().Select(p => p.GetProperty("Size").GetInt64()), Is.All.EqualTo(PartSize));
        var rest = resume.GetProperty("Parts").EnumerateArray().ToList();
        Assert.That(rest.Select(p => p.GetProperty("PartNumber").GetInt32()), Is.EqualTo(Enumerable.Range(half + 1, count - half)));
        foreach (var part in rest)
        {
            await UploadApi.PutOkAsync(part.GetProperty("URL").GetString()!, Part(video, part.GetProperty("PartNumber").GetInt32()), null);
        }

        var (published, publishBody) = await Api.PublishAsync(id, token);
        Assert.That(published, Is.EqualTo(HttpStatusCode.OK), publishBody.ToString());
        var url = (await Api.VideoAsync(id)).Body.GetProperty("URL").GetString()!;
        Assert.That(await UploadApi.Plain.GetByteArrayAsync(url), Is.EqualTo(video));
        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(PartSize - 5, PartSize + 4);
        using var partial = await UploadApi.Plain.SendAsync(range);
        Assert.That(await partial.Content.ReadAsByteArrayAsync(), Is.EqualTo(video[(PartSize - 5)..(PartSize + 5)]));
        Assert.That((await PartsAsync(body)).Status, Is.EqualTo(HttpStatusCode.Conflict), "published: nothing to resume");
    }

    private static ReadOnlyMemory<byte> Part(byte[] video, int number)
    {
        var start = (number - 1) * PartSize;
        return video.AsMemory(start, Math.Min(PartSize, video.Length - start));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PartsAsync(JsonElement upload) =>
        await UploadApi.PostJsonAsync(new Uri(Node.BaseUrl, "NEWVIDEOUPLOAD/PARTS").AbsoluteUri,
            JsonSerializer.Serialize(new { ID = upload.GetProperty("ID").GetString(), Token = upload.GetProperty("Token").GetString() }));
}
