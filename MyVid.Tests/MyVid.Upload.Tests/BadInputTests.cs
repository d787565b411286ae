using System.Net;
using System.Text.Json;
using MyVid.Testing;

namespace MyVid.Upload.Tests;

/// <summary>Each refusal has its status and a message that says what to fix, and leaves nothing half-made.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class BadInputTests(Backend backend) : UploadNodeFixture(backend, ("Upload:MaxVideoBytes", "100000000"))
{
    private string _server = null!;

    [OneTimeSetUp]
    public async Task AskForTheServerAsync() => _server = await Api.NewUploadAsync();

    private static IEnumerable<TestCaseData> RefusedBodies()
    {
        yield return new TestCaseData("""{"VideoFilename":"a.mp4"}""", "title is required").SetName("Missing title");
        yield return new TestCaseData("""{"title":"   ","VideoFilename":"a.mp4"}""", "title must not be blank").SetName("Blank title");
        yield return new TestCaseData($$"""{"title":"{{new string('t', 201)}}","VideoFilename":"a.mp4"}""", "at most 200").SetName("Title too long");
        yield return new TestCaseData($$"""{"title":"t","description":"{{new string('d', 5001)}}","VideoFilename":"a.mp4"}""", "at most 5000")
            .SetName("Description too long");
        yield return new TestCaseData("""{"title":"t"}""", "VideoFilename is required").SetName("Missing video name");
        yield return new TestCaseData("""{"title":"t","VideoFilename":"../../etc/passwd.mp4"}""", "without a path").SetName("Dot-dot path");
        yield return new TestCaseData("""{"title":"t","VideoFilename":"dir/a.mp4"}""", "without a path").SetName("Slash path");
        yield return new TestCaseData("""{"title":"t","VideoFilename":"a\u0000b.mp4"}""", "control characters").SetName("NUL in name");
        yield return new TestCaseData("""{"title":"t","VideoFilename":"a\nb.mp4"}""", "control characters").SetName("Newline in name");
        yield return new TestCaseData("""{"title":"t","VideoFilename":"clip.avi"}""", "must end in one of .mp4").SetName("Video extension not allowed");
        yield return new TestCaseData("""{"title":"t","VideoFilename":"clip"}""", "must end in one of").SetName("No extension");
        yield return new TestCaseData("""{"title":"t","VideoFilename":"a.mp4","PreviewFilename":"b.gif"}""", "PreviewFilename must end in one of .jpg")
            .SetName("Preview extension not allowed");
        yield return new TestCaseData("""{"title":"t","VideoFilename":"a.mp4","VideoSize":100000001}""", "VideoSize must be between 1 and 100000000")
            .SetName("Video too large");
        yield return new TestCaseData("""{"title":"t","VideoFilename":"a.mp4","PreviewFilename":"b.png","PreviewSize":99999999}""", "PreviewSize must be")
            .SetName("Preview too large");
        yield return new TestCaseData("""{"title":"t","VideoFilename":""", "not valid JSON").SetName("Malformed JSON");
        yield return new TestCaseData("", "needs a JSON object").SetName("Empty body");
    }

    [TestCaseSource(nameof(RefusedBodies))]
    public async Task NEWVIDEOUPLOAD_refuses_with_400_and_creates_nothing(string json, string message)
    {
        var before = await Node.UploadCountAsync();
        var (status, body) = await UploadApi.PostJsonAsync(_server, json);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("detail").GetString(), Does.Contain(message));
        Assert.That(await Node.UploadCountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Awkward_characters_in_names_are_replaced_and_the_extension_kept()
    {
        var body = await Api.BeginAsync("Names", "My Vïdeo #1?&.MP4", "Ban%ner.JPG");
        var id = body.GetProperty("ID").GetString()!;
        var video = await Node.CatalogVideoAsync(id);
        Assert.That(video!.VideoObjectKey, Is.EqualTo(id + "_My Vïdeo _1__.mp4"));
        Assert.That(video.PreviewObjectKey, Is.EqualTo(id + "_Ban_ner.jpg"));
    }

    [Test]
    public async Task A_text_file_named_mp4_is_refused_at_publish_and_stays_private()
    {
        var body = await Api.BeginAsync("Text", "notes.mp4", null);
        await UploadApi.PutOkAsync(body.GetProperty("VideoURL").GetString()!, "just some text, not a video"u8.ToArray(), "video/mp4");
        var id = body.GetProperty("ID").GetString()!;
        var (status, problem) = await Api.PublishAsync(id, body.GetProperty("Token").GetString());
        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("is not an MP4/QuickTime file"));
        Assert.That((await Node.CatalogVideoAsync(id))!.IsPublic, Is.False);
        Assert.That((await Api.VideoAsync(id)).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_webm_named_mp4_is_refused_too()
    {
        var body = await Api.BeginAsync("Mislabelled", "clip.mp4", null);
        await UploadApi.PutOkAsync(body.GetProperty("VideoURL").GetString()!, new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0, 0, 0, 0, 0 }, "video/mp4");
        var (status, _) = await Api.PublishAsync(body.GetProperty("ID").GetString()!, body.GetProperty("Token").GetString());
        Assert.That(status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test]
    public async Task Publishing_before_uploading_is_409_naming_what_is_missing_then_works_once_uploaded()
    {
        var body = await Api.BeginAsync("Early", "early.mp4", "early.jpg");
        var id = body.GetProperty("ID").GetString()!;
        var token = body.GetProperty("Token").GetString();
        var (status, problem) = await Api.PublishAsync(id, token);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
        var reasons = problem.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToArray();
        Assert.That(reasons, Is.EquivalentTo(new[]
        {
            $"the video '{id}_early.mp4' has not been uploaded",
            $"the preview '{id}_early.jpg' has not been uploaded",
        }));

        await UploadApi.PutOkAsync(body.GetProperty("VideoURL").GetString()!, Media.FakeMp4(1000), "video/mp4");
        (status, problem) = await Api.PublishAsync(id, token);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo($"Cannot publish yet: the preview '{id}_early.jpg' has not been uploaded."));
        Assert.That((await Node.CatalogVideoAsync(id))!.IsPublic, Is.False);

        await UploadApi.PutOkAsync(body.GetProperty("PreviewURL").GetString()!, Media.Jpeg, "image/jpeg");
        Assert.That((await Api.PublishAsync(id, token)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task An_empty_video_is_missing_too()
    {
        var body = await Api.BeginAsync("Empty", "empty.webm", null);
        await UploadApi.PutOkAsync(body.GetProperty("VideoURL").GetString()!, Array.Empty<byte>(), "video/webm");
        var (status, problem) = await Api.PublishAsync(body.GetProperty("ID").GetString()!, body.GetProperty("Token").GetString());
        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("is empty"));
    }

    [Test]
    public async Task A_wrong_token_is_403_and_a_missing_one_400_and_the_video_stays_private()
    {
        var body = await Api.BeginAsync("Tokens", "t.mp4", null);
        var id = body.GetProperty("ID").GetString()!;
        await UploadApi.PutOkAsync(body.GetProperty("VideoURL").GetString()!, Media.FakeMp4(1000), "video/mp4");
        var (wrong, problem) = await Api.PublishAsync(id, "not-the-token");
        Assert.That(wrong, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("does not belong to upload"));
        var (missing, missingProblem) = await Api.PublishAsync(id, null);
        Assert.That(missing, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(missingProblem.GetProperty("detail").GetString(), Does.Contain("Token is required"));
        Assert.That((await Node.CatalogVideoAsync(id))!.IsPublic, Is.False);
    }

    [Test]
    public async Task Publishing_an_unknown_id_is_404()
    {
        var (status, problem) = await Api.PublishAsync("NoSuchId42", "whatever");
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("No such upload"));
    }

    [Test]
    public async Task A_signed_URL_is_for_its_own_object_only()
    {
        var body = await Api.BeginAsync("Signed", "s.mp4", null);
        var url = body.GetProperty("VideoURL").GetString()!;
        var other = url.Replace("_s.mp4", "_other.mp4", StringComparison.Ordinal);
        using var response = await UploadApi.PutAsync(other, Media.FakeMp4(100), "video/mp4");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_appendix_answer_has_exactly_its_properties_plus_the_documented_additions()
    {
        var body = await Api.BeginAsync("Shape", "shape.mp4", "shape.png");
        Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[]
        {
            "ID", "PreviewURL", "VideoURL", "Token", "PreviewContentType", "VideoContentType", "URLsExpireAt", "Multipart",
        }));
        Assert.That(body.GetProperty("Multipart").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }
}
