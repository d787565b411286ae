namespace MyVid.Platform.Storage;

public enum ObjectStoreProvider
{
    Local,
    S3,
}

/// <summary>Bound from <c>ObjectStore</c>.</summary>
public sealed class ObjectStoreOptions
{
    public const string Section = "ObjectStore";

    public ObjectStoreProvider Provider { get; set; } = ObjectStoreProvider.Local;

    public string PreviewsBucket { get; set; } = "previews";

    public string VideosBucket { get; set; } = "videos";

    /// <summary>How long a signed URL stays valid; the design says 24 hours.</summary>
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromHours(24);

    public LocalStoreOptions Local { get; set; } = new();

    public S3StoreOptions S3 { get; set; } = new();

    public string BucketName(ObjectBucket bucket) => bucket == ObjectBucket.Previews ? PreviewsBucket : VideosBucket;
}

public sealed class LocalStoreOptions
{
    /// <summary>Folder that holds one sub-folder per bucket; relative paths are under the data folder.</summary>
    public string Root { get; set; } = "objects";

    /// <summary>HMAC key for the host's own signed URLs; when empty one is generated once and kept beside the objects.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Largest object the local store accepts through an upload URL.</summary>
    public long MaxObjectBytes { get; set; } = 8L * 1024 * 1024 * 1024;
}

public sealed class S3StoreOptions
{
    /// <summary>The S3 endpoint, e.g. <c>http://127.0.0.1:17480</c>; empty means AWS itself (Region decides).</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The endpoint written into signed URLs when browsers reach the store by another name than MyVid does.</summary>
    public string? PublicServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>MyVid's own bound on one S3 call, so a degraded store answers with 503 quickly instead of hanging.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Origins whose pages may PUT to and read from the buckets (browsers upload straight to the store). MyVid sets
    /// the buckets' CORS rules at every start; an empty list leaves them to the operator.
    /// </summary>
    public string[] CorsOrigins { get; set; } = ["*"];
}
