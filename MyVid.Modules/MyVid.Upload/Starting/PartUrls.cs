using MyVid.Platform.Storage;
using MyVid.Upload.Api;
using MyVid.Upload.Persistence;

namespace MyVid.Upload.Starting;

/// <summary>Describes a multipart upload to its client: fresh URLs for the parts the store lacks, and the parts it has.</summary>
internal sealed class PartUrls(IObjectStore store)
{
    public MultipartUploadDto Describe(PendingUpload upload, IReadOnlyList<UploadedPart> stored, DateTimeOffset expiresAt)
    {
        var have = stored.Where(p => p.PartNumber <= upload.PartCount).ToDictionary(p => p.PartNumber);
        var urls = new List<PartUrlDto>();
        for (var n = 1; n <= upload.PartCount; n++)
        {
            if (!have.ContainsKey(n))
            {
                var url = store.GetPartUploadUrl(ObjectBucket.Videos, upload.VideoObjectKey, upload.MultipartUploadId!, n, expiresAt);
                urls.Add(new PartUrlDto(n, url.AbsoluteUri));
            }
        }
        var storedDtos = have.Values.OrderBy(p => p.PartNumber).Select(p => new StoredPartDto(p.PartNumber, p.Size)).ToArray();
        return new MultipartUploadDto(upload.MultipartUploadId!, upload.PartSize!.Value, upload.PartCount!.Value, urls, storedDtos);
    }
}
