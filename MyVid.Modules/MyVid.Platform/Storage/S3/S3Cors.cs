using Amazon.S3.Model;

namespace MyVid.Platform.Storage.S3;

/// <summary>
/// The buckets' CORS rules: browsers PUT uploads and their parts, GET with Range, and must read ETag (a multipart
/// client needs each part's) and the range headers.
/// </summary>
internal static class S3Cors
{
    public static PutCORSConfigurationRequest Request(string bucket, string[] origins) => new()
    {
        BucketName = bucket,
        Configuration = new CORSConfiguration
        {
            Rules =
            [
                new CORSRule
                {
                    AllowedOrigins = [.. origins],
                    AllowedMethods = ["GET", "HEAD", "PUT"],
                    AllowedHeaders = ["*"],
                    ExposeHeaders = ["ETag", "Content-Length", "Content-Range", "Accept-Ranges"],
                    MaxAgeSeconds = 3600,
                },
            ],
        },
    };
}
