using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MyVid.Platform.Http;
using MyVid.Platform.Http.Limits;
using MyVid.Upload.Publishing;
using MyVid.Upload.Starting;

namespace MyVid.Upload.Api;

/// <summary>Appendix B on the endpoint role: <c>POST /NEWVIDEOUPLOAD</c>, and the parts call that resumes a large upload.</summary>
internal static class UploadEndpoints
{
    /// <summary>
    /// The web client lives on the api host and calls an endpoint host: a cross-origin POST. Any origin may, since
    /// these calls carry no cookies or ambient credentials: the token in the body is the only authority.
    /// </summary>
    public const string CorsPolicy = "cross-origin-uploads";

    public static void MapUploadEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/NEWVIDEOUPLOAD").WithTags("Upload").RequireCors(CorsPolicy).RequirePublicRateLimit();
        group.MapPost("/", Start)
            .WithSummary("Begin an upload: a private video and signed URLs to PUT its files to")
            .ProducesValidationProblem();
        group.MapPost("/PARTS", Parts)
            .WithSummary("Fresh part URLs and the parts already stored, to resume an interrupted multipart upload")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<NewVideoUploadResponse>, ProblemHttpResult>> Start(
        HttpRequest request, IValidator<NewVideoUploadRequest> validator, UploadStarter starter, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, validator, allowEmpty: false);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        return TypedResults.Ok(await starter.StartAsync(body.Value!, cancellationToken));
    }

    private static async Task<Results<Ok<MultipartUploadDto>, ProblemHttpResult>> Parts(
        HttpRequest request, IValidator<UploadTokenRequest> validator, PartsResumer resumer, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, validator, allowEmpty: false);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        return await resumer.ResumeAsync(body.Value!.Id!, body.Value.Token!, cancellationToken);
    }
}
