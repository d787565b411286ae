using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using MyVid.Platform.Storage;
using MyVid.Upload.Persistence;

namespace MyVid.Upload.Publishing;

/// <summary>
/// Joins a multipart upload's parts into the video once every part is there with the agreed size. An upload the
/// store no longer knows was completed before (a repeated publish) and is left to the object checks.
/// </summary>
internal sealed class MultipartCompleter(IObjectStore store)
{
    public async Task<ProblemHttpResult?> CompleteAsync(PendingUpload upload, CancellationToken cancellationToken)
    {
        var key = upload.VideoObjectKey;
        var uploadId = upload.MultipartUploadId!;
        var parts = await store.ListPartsAsync(ObjectBucket.Videos, key, uploadId, cancellationToken);
        if (parts is null)
        {
            return null;
        }
        var count = upload.PartCount!.Value;
        var size = upload.PartSize!.Value;
        var wanted = parts.Where(p => p.PartNumber <= count).ToList();
        var missing = Enumerable.Range(1, count).Except(wanted.Select(p => p.PartNumber)).ToList();
        if (missing.Count > 0)
        {
            return Publisher.Refuse(StatusCodes.Status409Conflict, "Upload incomplete", "Cannot publish yet: ",
                [$"{missing.Count} of the video's {count} parts have not been uploaded (parts {Describe(missing)})"]);
        }
        var badSizes = wanted.Where(p => p.PartNumber < count ? p.Size != size : p.Size is 0 || p.Size > size)
            .Select(p => $"part {p.PartNumber} is {p.Size} bytes, expected {(p.PartNumber < count ? $"{size}" : $"1 to {size}")}")
            .ToList();
        if (badSizes.Count > 0)
        {
            return Publisher.Refuse(StatusCodes.Status422UnprocessableEntity, "Upload rejected", "Cannot publish: ", badSizes);
        }
        try
        {
            await store.CompleteMultipartAsync(ObjectBucket.Videos, key, uploadId, wanted, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A concurrent publish may have completed it first: then the object checks that follow decide.
            if (await store.ListPartsAsync(ObjectBucket.Videos, key, uploadId, cancellationToken) is not null)
            {
                throw;
            }
        }
        return null;
    }

    private static string Describe(List<int> numbers) =>
        numbers.Count <= 10 ? string.Join(", ", numbers) : string.Join(", ", numbers.Take(10)) + ", …";
}
