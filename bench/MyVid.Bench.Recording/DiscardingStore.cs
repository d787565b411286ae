using System.Globalization;
using MyVid.Platform.Storage;

namespace MyVid.Bench.Recording;

/// <summary>An object store that reads every byte it is given and keeps none: the recorder's cost without the store's.</summary>
internal sealed class DiscardingStore : IObjectStore
{
    private int _uploads;
    private long _bytesStored;

    public long BytesStored => Interlocked.Read(ref _bytesStored);

    public Task EnsureBucketsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task PutAsync(ObjectBucket bucket, string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        await DrainAsync(content, cancellationToken);

    public Task<StoredObject?> GetInfoAsync(ObjectBucket bucket, string key, CancellationToken cancellationToken) => Task.FromResult<StoredObject?>(null);

    public Task<int> ReadPrefixAsync(ObjectBucket bucket, string key, Memory<byte> buffer, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task DeleteAsync(ObjectBucket bucket, string key, CancellationToken cancellationToken) => Task.CompletedTask;

    public async IAsyncEnumerable<string> ListKeysAsync(ObjectBucket bucket, string prefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }

    public Uri GetDownloadUrl(ObjectBucket bucket, string key, DateTimeOffset expiresAt) => throw new NotSupportedException();

    public Uri GetUploadUrl(ObjectBucket bucket, string key, string contentType, DateTimeOffset expiresAt) => throw new NotSupportedException();

    public Task<string> StartMultipartAsync(ObjectBucket bucket, string key, string contentType, CancellationToken cancellationToken) =>
        Task.FromResult(Interlocked.Increment(ref _uploads).ToString(CultureInfo.InvariantCulture));

    public Uri GetPartUploadUrl(ObjectBucket bucket, string key, string uploadId, int partNumber, DateTimeOffset expiresAt) =>
        throw new NotSupportedException();

    public async Task<UploadedPart> UploadPartAsync(ObjectBucket bucket, string key, string uploadId, int partNumber, Stream content,
        CancellationToken cancellationToken)
    {
        var size = await DrainAsync(content, cancellationToken);
        return new UploadedPart(partNumber, "\"" + partNumber.ToString(CultureInfo.InvariantCulture) + "\"", size);
    }

    public Task<IReadOnlyList<UploadedPart>?> ListPartsAsync(ObjectBucket bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UploadedPart>?>(null);

    public Task CompleteMultipartAsync(ObjectBucket bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task AbortMultipartAsync(ObjectBucket bucket, string key, string uploadId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CheckAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<long> DrainAsync(Stream content, CancellationToken cancellationToken)
    {
        var size = content.Length;
        await content.CopyToAsync(Stream.Null, cancellationToken);
        Interlocked.Add(ref _bytesStored, size);
        return size;
    }
}
