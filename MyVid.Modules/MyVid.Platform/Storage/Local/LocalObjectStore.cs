using System.Globalization;
using Microsoft.Extensions.Options;
using MyVid.Platform.Http;

namespace MyVid.Platform.Storage.Local;

/// <summary>
/// The embedded default: objects are files under <c>{root}/{bucket}/{key}</c>, and the host itself serves them at
/// signed, expiring URLs (<see cref="LocalObjectEndpoints"/>), so the rest of MyVid cannot tell it from S3.
/// </summary>
internal sealed class LocalObjectStore : IObjectStore
{
    public const string RoutePrefix = "/objects";
    public const string ExpiresParameter = "X-MyVid-Expires";
    public const string SignatureParameter = "X-MyVid-Signature";
    public const string UploadIdParameter = "uploadId";
    public const string PartNumberParameter = "partNumber";

    private readonly ObjectStoreOptions _options;
    private readonly IPublicBaseUrl _baseUrl;

    public LocalObjectStore(IOptions<ObjectStoreOptions> options, IPublicBaseUrl baseUrl, LocalStoreRoot root)
    {
        _options = options.Value;
        _baseUrl = baseUrl;
        Root = root.Path;
        Signer = new UrlSigner(root.SigningKey);
        Multipart = new LocalMultipart(Root);
    }

    internal string Root { get; }

    internal UrlSigner Signer { get; }

    internal LocalMultipart Multipart { get; }

    public Task EnsureBucketsAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(Root, _options.PreviewsBucket));
        Directory.CreateDirectory(Path.Combine(Root, _options.VideosBucket));
        return Task.CompletedTask;
    }

    public async Task PutAsync(ObjectBucket bucket, string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        await WriteAtomicallyAsync(PathOf(_options.BucketName(bucket), key), content, long.MaxValue, cancellationToken);
    }

    public Task<StoredObject?> GetInfoAsync(ObjectBucket bucket, string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(_options.BucketName(bucket), key));
        return Task.FromResult(file.Exists ? new StoredObject(key, file.Length, ContentTypes.ForFileName(key)) : null);
    }

    public async Task<int> ReadPrefixAsync(ObjectBucket bucket, string key, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(PathOf(_options.BucketName(bucket), key));
        return await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
    }

    public Task DeleteAsync(ObjectBucket bucket, string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(_options.BucketName(bucket), key));
        return Task.CompletedTask;
    }

#pragma warning disable CS1998 // the file system's enumeration is synchronous
    public async IAsyncEnumerable<string> ListKeysAsync(ObjectBucket bucket, string prefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
#pragma warning restore CS1998
    {
        var folder = Path.Combine(Root, _options.BucketName(bucket));
        if (!Directory.Exists(folder))
        {
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            // Objects being written are temporary files until renamed (WriteAtomicallyAsync).
            if (key.StartsWith(prefix, StringComparison.Ordinal) && !key.Contains(".part-", StringComparison.Ordinal))
            {
                yield return key;
            }
        }
    }

    public Uri GetDownloadUrl(ObjectBucket bucket, string key, DateTimeOffset expiresAt) =>
        SignedUrl("GET", _options.BucketName(bucket), key, expiresAt);

    public Uri GetUploadUrl(ObjectBucket bucket, string key, string contentType, DateTimeOffset expiresAt) =>
        SignedUrl("PUT", _options.BucketName(bucket), key, expiresAt);

    public Task<string> StartMultipartAsync(ObjectBucket bucket, string key, string contentType, CancellationToken cancellationToken)
    {
        var name = _options.BucketName(bucket);
        _ = PathOf(name, key);
        return Task.FromResult(Multipart.Start(name, key));
    }

    public Uri GetPartUploadUrl(ObjectBucket bucket, string key, string uploadId, int partNumber, DateTimeOffset expiresAt) =>
        SignedUrl("PUT", _options.BucketName(bucket), key, expiresAt, (uploadId, partNumber));

    public async Task<UploadedPart> UploadPartAsync(ObjectBucket bucket, string key, string uploadId, int partNumber, Stream content,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partNumber, LocalMultipart.MaxPartNumber);
        var name = _options.BucketName(bucket);
        var folder = Multipart.FolderOf(name, key, uploadId)
            ?? throw new InvalidOperationException($"No multipart upload '{uploadId}' for '{key}'.");
        var path = LocalMultipart.PartPath(folder, partNumber);
        var size = await WriteAtomicallyAsync(path, content, _options.Local.MaxObjectBytes, cancellationToken);
        return new UploadedPart(partNumber, LocalMultipart.ETagOf(new FileInfo(path)), size);
    }

    public Task<IReadOnlyList<UploadedPart>?> ListPartsAsync(ObjectBucket bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        Task.FromResult(Multipart.List(_options.BucketName(bucket), key, uploadId));

    public Task CompleteMultipartAsync(ObjectBucket bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts,
        CancellationToken cancellationToken)
    {
        var name = _options.BucketName(bucket);
        return Multipart.CompleteAsync(name, key, uploadId, parts, PathOf(name, key), cancellationToken);
    }

    public Task AbortMultipartAsync(ObjectBucket bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        Multipart.Abort(_options.BucketName(bucket), key, uploadId);
        return Task.CompletedTask;
    }

    /// <summary>What a part URL signs beyond the object: the upload and the part, so a URL fits one part alone.</summary>
    internal static string PartOf(string uploadId, int partNumber) =>
        string.Create(CultureInfo.InvariantCulture, $"{uploadId}\n{partNumber}");

    public Task CheckAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(Root, _options.VideosBucket)))
        {
            throw new DirectoryNotFoundException($"The local object store folder {Root} has no '{_options.VideosBucket}' bucket.");
        }
        return Task.CompletedTask;
    }

    internal bool IsKnownBucket(string bucket) => bucket == _options.PreviewsBucket || bucket == _options.VideosBucket;

    internal string PathOf(string bucket, string key)
    {
        if (!ObjectKey.IsSafe(key))
        {
            throw new ArgumentException($"'{key}' is not a valid object key.", nameof(key));
        }
        return Path.Combine(Root, bucket, key);
    }

    /// <summary>Writes to a temporary file and renames it, so a reader never sees half an object.</summary>
    internal static async Task<long> WriteAtomicallyAsync(string path, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var temporary = path + ".part-" + Guid.NewGuid().ToString("N");
        try
        {
            long written;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                written = await CopyBoundedAsync(content, file, maxBytes, cancellationToken);
            }
            File.Move(temporary, path, overwrite: true);
            return written;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static async Task<long> CopyBoundedAsync(Stream source, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new ObjectTooLargeException(maxBytes);
                }
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            return total;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Uri SignedUrl(string method, string bucket, string key, DateTimeOffset expiresAt, (string UploadId, int Number)? part = null)
    {
        var expires = expiresAt.ToUnixTimeSeconds();
        var signature = Signer.Sign(method, bucket, key, expires, part is { } p ? PartOf(p.UploadId, p.Number) : null);
        var path = $"{RoutePrefix}/{Uri.EscapeDataString(bucket)}/{Uri.EscapeDataString(key)}";
        var query = string.Create(CultureInfo.InvariantCulture, $"?{ExpiresParameter}={expires}&{SignatureParameter}={signature}");
        if (part is { } q)
        {
            query += string.Create(CultureInfo.InvariantCulture, $"&{UploadIdParameter}={q.UploadId}&{PartNumberParameter}={q.Number}");
        }
        return new Uri(_baseUrl.Current(), path + query);
    }
}
