using MyVid.Platform.Storage;

namespace MyVid.Recording.Tests.Recording.Support;

/// <summary>
/// An object store in memory that keeps whole objects but only the sizes of multipart parts (long streams stay cheap),
/// and fails part uploads while <see cref="FailUploads"/> says so.
/// </summary>
internal sealed class FakeStore : IObjectStore
{
    private readonly Dictionary<string, byte[]> _objects = [];
    private readonly Dictionary<string, Dictionary<int, UploadedPart>> _uploads = [];
    private readonly Lock _lock = new();

    public Func<int, bool> FailUploads { get; set; } = _ => false;

    public int FailedCalls { get; private set; }

    public long PartBytes { get; private set; }

    public Task EnsureBucketsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task PutAsync(ObjectBucket bucket, string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        lock (_lock)
        {
            _objects[key] = copy.ToArray();
        }
    }

    public Task<StoredObject?> GetInfoAsync(ObjectBucket bucket, string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_objects.TryGetValue(key, out var o) ? new StoredObject(key, o.Length, "application/octet-stream") : null);
        }
    }

    public Task<int> ReadPrefixAsync(ObjectBucket bucket, string key, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var bytes = _objects[key];
            var count = Math.Min(bytes.Length, buffer.Length);
            bytes.AsSpan(0, count).CopyTo(buffer.Span);
            return Task.FromResult(count);
        }
    }

    public async IAsyncEnumerable<string> ListKeysAsync(ObjectBucket bucket, string prefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string[] keys;
        lock (_lock)
        {
            keys = [.. _objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))];
        }
        foreach (var key in keys)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }
    }

    public Task DeleteAsync(ObjectBucket bucket, string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _objects.Remove(key);
        }
        return Task.CompletedTask;
    }

    public Uri GetDownloadUrl(ObjectBucket bucket, string key, DateTimeOffset expiresAt) => throw new NotSupportedException();

    public Uri GetUploadUrl(ObjectBucket bucket, string key, string contentType, DateTimeOffset expiresAt) => throw new NotSupportedException();

    public Task<string> StartMultipartAsync(ObjectBucket bucket, string key, string contentType, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        lock (_lock)
        {
            _uploads[id] = [];
        }
        return Task.FromResult(id);
    }

    public Uri GetPartUploadUrl(ObjectBucket bucket, string key, string uploadId, int partNumber, DateTimeOffset expiresAt) =>
        throw new NotSupportedException();

    public Task<UploadedPart> UploadPartAsync(ObjectBucket bucket, string key, string uploadId, int partNumber, Stream content,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FailUploads(partNumber))
            {
                FailedCalls++;
                throw new IOException("The store is down (test).");
            }
            var part = new UploadedPart(partNumber, "\"" + Guid.NewGuid().ToString("N") + "\"", content.Length);
            _uploads[uploadId][partNumber] = part;
            PartBytes += content.Length;
            return Task.FromResult(part);
        }
    }

    public Task<IReadOnlyList<UploadedPart>?> ListPartsAsync(ObjectBucket bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<UploadedPart>?>(_uploads.TryGetValue(uploadId, out var parts)
                ? parts.Values.OrderBy(p => p.PartNumber).ToList()
                : null);
        }
    }

    public Task CompleteMultipartAsync(ObjectBucket bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _uploads.Remove(uploadId);
            // Sizes only: the bytes were not kept.
            _objects[key] = new byte[Math.Min(parts.Sum(p => p.Size), 16)];
        }
        return Task.CompletedTask;
    }

    public Task AbortMultipartAsync(ObjectBucket bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _uploads.Remove(uploadId);
        }
        return Task.CompletedTask;
    }

    public Task CheckAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
