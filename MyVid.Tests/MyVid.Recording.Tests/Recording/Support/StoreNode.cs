using MyVid.Testing;

namespace MyVid.Recording.Tests.Recording.Support;

/// <summary>
/// A media node for the store tests: the recording needs only the object store, so <see cref="Backend.Production"/> here
/// means SQLite with S3 (Ceph RGW from <see cref="RealParts.S3"/>), no MariaDB.
/// </summary>
internal static class StoreNode
{
    public static Task<TestNode> StartAsync(Backend backend)
    {
        if (backend == Backend.Embedded)
        {
            return TestNode.StartAsync(Backend.Embedded, roles: "media");
        }
        var s3 = RealParts.S3;
        var suffix = Guid.NewGuid().ToString("N")[..10];
        return TestNode.StartAsync(Backend.Embedded, roles: "media", settings: new Dictionary<string, string>
        {
            ["ObjectStore:Provider"] = "S3",
            ["ObjectStore:S3:ServiceUrl"] = s3.ServiceUrl,
            ["ObjectStore:S3:AccessKey"] = s3.AccessKey,
            ["ObjectStore:S3:SecretKey"] = s3.SecretKey,
            ["ObjectStore:PreviewsBucket"] = $"t-{suffix}-previews",
            ["ObjectStore:VideosBucket"] = $"t-{suffix}-videos",
        });
    }
}
