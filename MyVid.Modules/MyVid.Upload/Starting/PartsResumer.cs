using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MyVid.Platform.Storage;
using MyVid.Upload.Api;
using MyVid.Upload.Publishing;

namespace MyVid.Upload.Starting;

/// <summary><c>POST /NEWVIDEOUPLOAD/PARTS</c>: what an interrupted multipart upload still needs, with fresh URLs.</summary>
internal sealed class PartsResumer(UploadLookup lookup, IObjectStore store, PartUrls partUrls, IOptions<UploadOptions> options, TimeProvider clock)
{
    public async Task<Results<Ok<MultipartUploadDto>, ProblemHttpResult>> ResumeAsync(string id, string token, CancellationToken cancellationToken)
    {
        var (upload, refusal) = await lookup.FindAsync(id, token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        if (upload!.MultipartUploadId is null)
        {
            return Conflict($"Upload '{id}' is a single PUT, not a multipart upload; PUT the whole video again to its URL.");
        }
        if (upload.PublishedAtUtc is not null)
        {
            return Conflict($"Upload '{id}' is already published.");
        }
        var parts = await store.ListPartsAsync(ObjectBucket.Videos, upload.VideoObjectKey, upload.MultipartUploadId, cancellationToken);
        if (parts is null)
        {
            return Conflict($"Upload '{id}' has been completed (or expired); its parts can no longer change.");
        }
        return TypedResults.Ok(partUrls.Describe(upload, parts, clock.GetUtcNow() + options.Value.UrlLifetime));
    }

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not resumable", detail: detail);
}
