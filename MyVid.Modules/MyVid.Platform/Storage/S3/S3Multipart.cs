using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace MyVid.Platform.Storage.S3;

/// <summary>S3's multipart upload calls; browsers PUT the parts themselves at pre-signed URLs.</summary>
internal static class S3Multipart
{
    public static async Task<string> StartAsync(IAmazonS3 client, string bucket, string key, string contentType, CancellationToken cancellationToken)
    {
        var response = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = key,
            ContentType = contentType,
        }, cancellationToken);
        return response.UploadId;
    }

    public static async Task<UploadedPart> UploadPartAsync(IAmazonS3 client, string bucket, string key, string uploadId, int partNumber,
        Stream content, CancellationToken cancellationToken)
    {
        var size = content.Length - content.Position;
        var response = await client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = partNumber,
            InputStream = content,
            PartSize = size,
        }, cancellationToken);
        return new UploadedPart(partNumber, response.ETag, size);
    }

    public static async Task<IReadOnlyList<UploadedPart>?> ListAsync(IAmazonS3 client, string bucket, string key, string uploadId,
        CancellationToken cancellationToken)
    {
        var parts = new List<UploadedPart>();
        var request = new ListPartsRequest { BucketName = bucket, Key = key, UploadId = uploadId };
        try
        {
            while (true)
            {
                var response = await client.ListPartsAsync(request, cancellationToken);
                // AWSSDK 4 leaves collections null when S3 sends none.
                parts.AddRange((response.Parts ?? []).Select(p => new UploadedPart(p.PartNumber ?? 0, p.ETag, p.Size ?? 0)));
                if (response.IsTruncated != true)
                {
                    break;
                }
                request.PartNumberMarker = response.NextPartNumberMarker?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (AmazonS3Exception e) when (IsNoSuchUpload(e))
        {
            return null;
        }
        return parts.OrderBy(p => p.PartNumber).ToList();
    }

    public static async Task CompleteAsync(IAmazonS3 client, string bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts,
        CancellationToken cancellationToken)
    {
        await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = uploadId,
            PartETags = parts.OrderBy(p => p.PartNumber).Select(p => new PartETag(p.PartNumber, p.ETag)).ToList(),
        }, cancellationToken);
    }

    public static async Task AbortAsync(IAmazonS3 client, string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId },
                cancellationToken);
        }
        catch (AmazonS3Exception e) when (IsNoSuchUpload(e))
        {
            // Already completed or aborted: nothing left to drop.
        }
    }

    private static bool IsNoSuchUpload(AmazonS3Exception e) => e.ErrorCode == "NoSuchUpload" || e.StatusCode == HttpStatusCode.NotFound;
}
