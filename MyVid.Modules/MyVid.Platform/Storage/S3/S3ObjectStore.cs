using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MyVid.Platform.Storage.S3;

/// <summary>Any S3-compatible store (Ceph RGW, MinIO, AWS) through AWSSDK.S3.</summary>
internal sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private readonly ObjectStoreOptions _options;
    private readonly AmazonS3Client _client;
    private readonly AmazonS3Client _signer;
    private readonly ILogger<S3ObjectStore> _logger;

    public S3ObjectStore(IOptions<ObjectStoreOptions> options, ILogger<S3ObjectStore> logger)
    {
        _options = options.Value;
        _logger = logger;
        var s3 = _options.S3;
        var credentials = new BasicAWSCredentials(s3.AccessKey, s3.SecretKey);
        _client = new AmazonS3Client(credentials, ClientConfig(s3.ServiceUrl, s3));
        // Signing needs no network: a second client that only differs in the host browsers use.
        _signer = string.IsNullOrEmpty(s3.PublicServiceUrl)
            ? _client
            : new AmazonS3Client(credentials, ClientConfig(s3.PublicServiceUrl, s3));
    }

    /// <summary>The first bucket of a fresh Ceph cluster makes RGW create its pools first: longer than a data call.</summary>
    private static readonly TimeSpan BucketSetupTimeout = TimeSpan.FromSeconds(30);

    public async Task EnsureBucketsAsync(CancellationToken cancellationToken)
    {
        foreach (var bucket in new[] { _options.PreviewsBucket, _options.VideosBucket })
        {
            await Bounded(async token =>
            {
                try
                {
                    await _client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, token);
                }
                catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
                {
                    // Already there: nothing to do.
                }
                if (_options.S3.CorsOrigins.Length > 0)
                {
                    // Set on every start, so a changed origin list reaches existing buckets too.
                    await _client.PutCORSConfigurationAsync(S3Cors.Request(bucket, _options.S3.CorsOrigins), token);
                }
                return true;
            }, cancellationToken, BucketSetupTimeout);
        }
    }

    public async Task PutAsync(ObjectBucket bucket, string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        await Bounded(token => _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _options.BucketName(bucket),
            Key = key,
            InputStream = content,
            ContentType = contentType,
            AutoCloseStream = false,
        }, token), cancellationToken, retry: Rewind(content));
    }

    public Task<StoredObject?> GetInfoAsync(ObjectBucket bucket, string key, CancellationToken cancellationToken) =>
        Bounded(async token =>
        {
            try
            {
                var meta = await _client.GetObjectMetadataAsync(_options.BucketName(bucket), key, token);
                return new StoredObject(key, meta.ContentLength, meta.Headers.ContentType ?? ContentTypes.ForFileName(key));
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, cancellationToken, retry: Again);

    public Task<int> ReadPrefixAsync(ObjectBucket bucket, string key, Memory<byte> buffer, CancellationToken cancellationToken) =>
        Bounded(async token =>
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest
            {
                BucketName = _options.BucketName(bucket),
                Key = key,
                ByteRange = new ByteRange(0, buffer.Length - 1),
            }, token);
            return await response.ResponseStream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, token);
        }, cancellationToken, retry: Again);

    public Task DeleteAsync(ObjectBucket bucket, string key, CancellationToken cancellationToken) =>
        Bounded(token => _client.DeleteObjectAsync(_options.BucketName(bucket), key, token), cancellationToken, retry: Again);

    public async IAsyncEnumerable<string> ListKeysAsync(ObjectBucket bucket, string prefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _options.BucketName(bucket), Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await _client.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in response.S3Objects ?? [])
            {
                yield return item.Key;
            }
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
    }

    public Uri GetDownloadUrl(ObjectBucket bucket, string key, DateTimeOffset expiresAt) =>
        Presign(bucket, key, HttpVerb.GET, expiresAt, contentType: null);

    public Uri GetUploadUrl(ObjectBucket bucket, string key, string contentType, DateTimeOffset expiresAt) =>
        Presign(bucket, key, HttpVerb.PUT, expiresAt, contentType);

    public Task<string> StartMultipartAsync(ObjectBucket bucket, string key, string contentType, CancellationToken cancellationToken) =>
        Bounded(token => S3Multipart.StartAsync(_client, _options.BucketName(bucket), key, contentType, token), cancellationToken);

    public Uri GetPartUploadUrl(ObjectBucket bucket, string key, string uploadId, int partNumber, DateTimeOffset expiresAt) =>
        Presign(bucket, key, HttpVerb.PUT, expiresAt, contentType: null, r =>
        {
            r.UploadId = uploadId;
            r.PartNumber = partNumber;
        });

    public Task<UploadedPart> UploadPartAsync(ObjectBucket bucket, string key, string uploadId, int partNumber, Stream content,
        CancellationToken cancellationToken) =>
        Bounded(token => S3Multipart.UploadPartAsync(_client, _options.BucketName(bucket), key, uploadId, partNumber, content, token), cancellationToken,
            retry: Rewind(content));

    public Task<IReadOnlyList<UploadedPart>?> ListPartsAsync(ObjectBucket bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        Bounded(token => S3Multipart.ListAsync(_client, _options.BucketName(bucket), key, uploadId, token), cancellationToken, retry: Again);

    public Task CompleteMultipartAsync(ObjectBucket bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts,
        CancellationToken cancellationToken) =>
        Bounded(async token =>
        {
            await S3Multipart.CompleteAsync(_client, _options.BucketName(bucket), key, uploadId, parts, token);
            return true;
        }, cancellationToken);

    public Task AbortMultipartAsync(ObjectBucket bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        Bounded(async token =>
        {
            await S3Multipart.AbortAsync(_client, _options.BucketName(bucket), key, uploadId, token);
            return true;
        }, cancellationToken);

    public Task CheckAsync(CancellationToken cancellationToken) =>
        Bounded(token => _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.VideosBucket, MaxKeys = 1 }, token),
            cancellationToken, retry: Again);

    /// <summary>A call that is the same when repeated (a read, a delete, a PUT of the same bytes): it may be tried again.</summary>
    private static readonly Func<bool> Again = () => true;

    /// <summary>A PUT of <paramref name="content"/> may be tried again only from where it started: a seekable stream.</summary>
    private static Func<bool>? Rewind(Stream content)
    {
        if (!content.CanSeek)
        {
            return null;
        }
        var start = content.Position;
        return () =>
        {
            content.Position = start;
            return true;
        };
    }

    /// <summary>
    /// One S3 call, retries of the SDK included, within <c>ObjectStore:S3:Timeout</c>. A store that cannot serve (too
    /// many OSDs down: RGW waits on RADOS, then answers 408 or 5xx) becomes <see cref="ObjectStoreUnavailableException"/>.
    /// A call given <paramref name="retry"/> (safe to repeat) has two attempts of half the time each: an attempt caught
    /// by a failover (an OSD dying under it, a gateway gone behind a load balancer) is tried once more instead of
    /// failing the request, and the whole still ends within the timeout.
    /// </summary>
    private async Task<T> Bounded<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, TimeSpan? bound = null,
        Func<bool>? retry = null)
    {
        var timeout = bound ?? _options.S3.Timeout;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            if (retry is not null)
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(limit.Token);
                attempt.CancelAfter(timeout / 2);
                try
                {
                    return await call(attempt.Token);
                }
                catch (Exception e) when (attempt.IsCancellationRequested && !limit.IsCancellationRequested && retry())
                {
                    _logger.LogWarning(e, "The object store did not answer within {Seconds} s; trying once more", (timeout / 2).TotalSeconds);
                }
            }
            return await call(limit.Token);
        }
        catch (Exception e) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectStoreUnavailableException(
                $"The object store did not answer within {timeout.TotalSeconds:0.#} s{(bound is null ? " (ObjectStore:S3:Timeout)" : "")}.", e);
        }
        catch (AmazonServiceException e) when ((int)e.StatusCode >= 500 || e.StatusCode == HttpStatusCode.RequestTimeout)
        {
            throw new ObjectStoreUnavailableException($"The object store cannot serve now: {(int)e.StatusCode} {e.ErrorCode}.", e);
        }
        catch (Exception e) when (e is HttpRequestException || e.InnerException is HttpRequestException or IOException)
        {
            throw new ObjectStoreUnavailableException($"The object store cannot be reached: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        if (!ReferenceEquals(_signer, _client))
        {
            _signer.Dispose();
        }
        _client.Dispose();
    }

    private Uri Presign(ObjectBucket bucket, string key, HttpVerb verb, DateTimeOffset expiresAt, string? contentType,
        Action<GetPreSignedUrlRequest>? more = null)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _options.BucketName(bucket),
            Key = key,
            Verb = verb,
            Expires = expiresAt.UtcDateTime,
            // The SDK writes https unless told: a plain-http store (a test cluster) needs its own scheme in the URL.
            Protocol = _signer.Config.ServiceURL?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        };
        if (contentType is not null)
        {
            request.ContentType = contentType;
        }
        more?.Invoke(request);
        return new Uri(_signer.GetPreSignedURL(request));
    }

    private static AmazonS3Config ClientConfig(string? serviceUrl, S3StoreOptions s3)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = true,
            Timeout = s3.Timeout,
            MaxErrorRetry = 2,
            // Ceph RGW rejects the SDK's default flexible checksums (XAmzContentSHA256Mismatch).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            AuthenticationRegion = s3.Region,
        };
        if (string.IsNullOrEmpty(serviceUrl))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(s3.Region);
        }
        else
        {
            config.ServiceURL = serviceUrl;
        }
        return config;
    }
}
