using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Storage;
using MyVid.Testing;

namespace MyVid.Upload.Tests;

/// <summary>Signed URLs expire; uploads never published are deleted with their objects and unfinished parts.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class ExpiryTests(Backend backend) : UploadNodeFixture(backend,
    ("Upload:UrlLifetime", "00:00:02"), ("Upload:Expiry", "00:00:04"), ("Upload:CleanupInterval", "00:00:00.500"))
{
    [Test]
    public async Task An_expired_upload_URL_is_refused()
    {
        var body = await Api.BeginAsync("Late", "late.mp4", null);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        using var response = await UploadApi.PutAsync(body.GetProperty("VideoURL").GetString()!, Media.FakeMp4(100), "video/mp4");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("xpired").Or.Contain("AccessDenied"));
    }

    [Test]
    public async Task An_upload_never_published_is_deleted_with_its_objects_and_parts()
    {
        var single = await Api.BeginAsync("Abandoned", "gone.mp4", "gone.jpg");
        await UploadApi.PutOkAsync(single.GetProperty("VideoURL").GetString()!, Media.FakeMp4(1000), "video/mp4");
        await UploadApi.PutOkAsync(single.GetProperty("PreviewURL").GetString()!, Media.Jpeg, "image/jpeg");
        var multi = await Api.BeginAsync("Abandoned parts", "parts.mp4", null, videoSize: 6 * 1024 * 1024);
        await UploadApi.PutOkAsync(multi.GetProperty("Multipart").GetProperty("Parts")[0].GetProperty("URL").GetString()!,
            Media.FakeMp4(5 * 1024 * 1024), null);
        var id = single.GetProperty("ID").GetString()!;
        var multiId = multi.GetProperty("ID").GetString()!;
        var store = Node.Services.GetRequiredService<IObjectStore>();
        Assert.That(await store.GetInfoAsync(ObjectBucket.Videos, id + "_gone.mp4", CancellationToken.None), Is.Not.Null);

        for (var i = 0; i < 100 && (await Node.UploadExistsAsync(id) || await Node.UploadExistsAsync(multiId)); i++)
        {
            await Task.Delay(200);
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await Node.UploadExistsAsync(id), Is.False);
            Assert.That(await Node.UploadExistsAsync(multiId), Is.False);
            Assert.That(await Node.CatalogVideoAsync(id), Is.Null);
            Assert.That(await Node.CatalogVideoAsync(multiId), Is.Null);
            Assert.That(await store.GetInfoAsync(ObjectBucket.Videos, id + "_gone.mp4", CancellationToken.None), Is.Null);
            Assert.That(await store.GetInfoAsync(ObjectBucket.Previews, id + "_gone.jpg", CancellationToken.None), Is.Null);
            Assert.That(await store.ListPartsAsync(ObjectBucket.Videos, multiId + "_parts.mp4",
                multi.GetProperty("Multipart").GetProperty("UploadID").GetString()!, CancellationToken.None), Is.Null);
        });
        var (status, _) = await Api.PublishAsync(id, single.GetProperty("Token").GetString());
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_published_upload_outlives_the_expiry()
    {
        var body = await Api.BeginAsync("Kept", "kept.webm", null);
        await UploadApi.PutOkAsync(body.GetProperty("VideoURL").GetString()!, new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 9, 9 }, "video/webm");
        var id = body.GetProperty("ID").GetString()!;
        Assert.That((await Api.PublishAsync(id, body.GetProperty("Token").GetString())).Status, Is.EqualTo(HttpStatusCode.OK));
        await Task.Delay(TimeSpan.FromSeconds(5.5));
        Assert.That((await Node.CatalogVideoAsync(id))!.IsPublic, Is.True);
        Assert.That(await Node.Services.GetRequiredService<IObjectStore>().GetInfoAsync(ObjectBucket.Videos, id + "_kept.webm", CancellationToken.None),
            Is.Not.Null);
    }
}
