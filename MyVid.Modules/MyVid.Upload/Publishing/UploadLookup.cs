using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyVid.Platform.Http;
using MyVid.Upload.Persistence;
using MyVid.Upload.Starting;

namespace MyVid.Upload.Publishing;

/// <summary>Finds an upload for a caller holding its token: 404 when there is none, 403 when the token is not its.</summary>
internal sealed class UploadLookup(UploadDbContext db)
{
    public async Task<(PendingUpload? Upload, ProblemHttpResult? Problem)> FindAsync(string id, string token, CancellationToken cancellationToken)
    {
        var upload = await db.Uploads.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (upload is null)
        {
            return (null, Problems.NotFound("No such upload", $"There is no upload with ID '{id}' (uploads never published expire)."));
        }
        if (!UploadToken.Matches(token, upload.TokenHash))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong upload token",
                detail: $"The token does not belong to upload '{id}'; only its uploader can publish it."));
        }
        return (upload, null);
    }
}
