using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Storage;
using MyVid.Recording.Tests.Recording.Support;
using MyVid.Testing;

namespace MyVid.Recording.Tests.Recording;

/// <summary>
/// <see cref="IObjectStore.UploadPartAsync"/>: the server-side part upload a recording streams through, on the local store and on S3.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class UploadPartTests(Backend backend)
{
    private const int MinPart = 5 * 1024 * 1024;
    private TestNode _node = null!;
    private IObjectStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _node = await StoreNode.StartAsync(backend);
        _store = _node.Services.GetRequiredService<IObjectStore>();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _node.DisposeAsync();

    [Test]
    public async Task Parts_uploaded_from_streams_are_listed_and_join_into_the_object_in_part_order()
    {
        var key = Guid.NewGuid().ToString("N") + "_parts.bin";
        var first = Bytes(MinPart, 1);
        var second = Bytes(1000, 2);
        var uploadId = await _store.StartMultipartAsync(ObjectBucket.Videos, key, "application/octet-stream", CancellationToken.None);

        // Out of order, and part 1 twice: the second upload of a number replaces the first, as S3 does.
        var two = await _store.UploadPartAsync(ObjectBucket.Videos, key, uploadId, 2, new MemoryStream(second), CancellationToken.None);
        await _store.UploadPartAsync(ObjectBucket.Videos, key, uploadId, 1, new MemoryStream(Bytes(MinPart + 7, 3)), CancellationToken.None);
        var one = await _store.UploadPartAsync(ObjectBucket.Videos, key, uploadId, 1, new MemoryStream(first), CancellationToken.None);
        Assert.That((one.Size, two.Size), Is.EqualTo(((long)MinPart, 1000L)));

        var listed = await _store.ListPartsAsync(ObjectBucket.Videos, key, uploadId, CancellationToken.None);
        Assert.That(listed!.Select(p => (p.PartNumber, p.Size, p.ETag)), Is.EqualTo(new[] { (1, (long)MinPart, one.ETag), (2, 1000L, two.ETag) }));

        await _store.CompleteMultipartAsync(ObjectBucket.Videos, key, uploadId, listed!, CancellationToken.None);
        var info = await _store.GetInfoAsync(ObjectBucket.Videos, key, CancellationToken.None);
        Assert.That(info!.Length, Is.EqualTo(MinPart + 1000));
        var prefix = new byte[MinPart + 1000];
        var read = await _store.ReadPrefixAsync(ObjectBucket.Videos, key, prefix, CancellationToken.None);
        Assert.That(read, Is.EqualTo(prefix.Length));
        Assert.That(prefix, Is.EqualTo(first.Concat(second).ToArray()));
        await _store.DeleteAsync(ObjectBucket.Videos, key, CancellationToken.None);
    }

    [Test]
    public async Task A_part_for_an_aborted_upload_is_refused()
    {
        var key = Guid.NewGuid().ToString("N") + "_aborted.bin";
        var uploadId = await _store.StartMultipartAsync(ObjectBucket.Videos, key, "application/octet-stream", CancellationToken.None);
        await _store.AbortMultipartAsync(ObjectBucket.Videos, key, uploadId, CancellationToken.None);
        Assert.That(async () => await _store.UploadPartAsync(ObjectBucket.Videos, key, uploadId, 1, new MemoryStream(new byte[10]), CancellationToken.None),
            Throws.Exception);
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
