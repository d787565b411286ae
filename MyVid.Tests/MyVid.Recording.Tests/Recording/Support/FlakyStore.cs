using MyVid.Platform.Storage;

namespace MyVid.Recording.Tests.Recording.Support;

/// <summary>Another store, except that every call fails while <see cref="Down"/> (an object store that is down, then back).</summary>
internal sealed class FlakyStore(IObjectStore inner) : IObjectStore
{
    public volatile bool Down;

    public int FailedCalls => _failed;

    private int _failed;

    public Task EnsureBucketsAsync(CancellationToken cancellationToken) => Call(() => inner.EnsureBucketsAsync(cancellationToken));

    public Task PutAsync(ObjectBucket bucket, string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        Call(() => inner.PutAsync(bucket, key, content, contentType, cancellationToken));

    public Task<StoredObject?> GetInfoAsync(ObjectBucket bucket, string key, CancellationToken cancellationToken) =>
        Call(() => inner.GetInfoAsync(bucket, key, cancellationToken));

    public Task<int> ReadPrefixAsync(ObjectBucket bucket, string key, Memory<byte> buffer, CancellationToken cancellationToken) =>
        Call(() => inner.ReadPrefixAsync(bucket, key, buffer, cancellationToken));

    public Task DeleteAsync(ObjectBucket bucket, string key, CancellationToken cancellationToken) => Call(() => inner.DeleteAsync(bucket, key, cancellationToken));

    public IAsyncEnumerable<string> ListKeysAsync(ObjectBucket bucket, string prefix, CancellationToken cancellationToken) =>
        Down ? throw Failure() : inner.ListKeysAsync(bucket, prefix, cancellationToken);

    public Uri GetDownloadUrl(ObjectBucket bucket, string key, DateTimeOffset expiresAt) => inner.GetDownloadUrl(bucket, key, expiresAt);

    public Uri GetUploadUrl(ObjectBucket bucket, string key, string contentType, DateTimeOffset expiresAt) =>
        inner.GetUploadUrl(bucket, key, contentType, expiresAt);

    public Task<string> StartMultipartAsync(ObjectBucket bucket, string key, string contentType, CancellationToken cancellationToken) =>
        Call(() => inner.StartMultipartAsync(bucket, key, contentType, cancellationToken));

    public Uri GetPartUploadUrl(ObjectBucket bucket, string key, string uploadId, int partNumber, DateTimeOffset expiresAt) =>
        inner.GetPartUploadUrl(bucket, key, uploadId, partNumber, expiresAt);

    public Task<UploadedPart> UploadPartAsync(ObjectBucket bucket, string key, string uploadId, int partNumber, Stream content,
        CancellationToken cancellationToken) => Call(() => inner.UploadPartAsync(bucket, key, uploadId, partNumber, content, cancellationToken));

    public Task<IReadOnlyList<UploadedPart>?> ListPartsAsync(ObjectBucket bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        Call(() => inner.ListPartsAsync(bucket, key, uploadId, cancellationToken));

    public Task CompleteMultipartAsync(ObjectBucket bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts,
        CancellationToken cancellationToken) => Call(() => inner.CompleteMultipartAsync(bucket, key, uploadId, parts, cancellationToken));

    public Task AbortMultipartAsync(ObjectBucket bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        Call(() => inner.AbortMultipartAsync(bucket, key, uploadId, cancellationToken));

    public Task CheckAsync(CancellationToken cancellationToken) => Call(() => inner.CheckAsync(cancellationToken));

    private Task<T> Call<T>(Func<Task<T>> call) => Down ? Task.FromException<T>(Failure()) : call();

    private Task Call(Func<Task> call) => Down ? Task.FromException(Failure()) : call();

    private IOException Failure()
    {
        Interlocked.Increment(ref _failed);
        return new IOException("The store is down (test).");
    }
}
