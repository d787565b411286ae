using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MyVid.Platform.Http;
using MyVid.Platform.Http.Limits;
using MyVid.Upload.Publishing;

namespace MyVid.Upload.Api;

/// <summary>Appendix B on the api role: <c>POST /API/PUBLISH/</c>.</summary>
internal static class PublishEndpoints
{
    public static void MapPublishEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/API/PUBLISH/", Publish).WithTags("Upload").RequirePublicRateLimit()
            .WithSummary("Verify an upload's files and make its video public")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Ok<PublishResponse>, ProblemHttpResult>> Publish(
        HttpRequest request, IValidator<UploadTokenRequest> validator, Publisher publisher, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, validator, allowEmpty: false);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        return await publisher.PublishAsync(body.Value!.Id!, body.Value.Token!, cancellationToken);
    }
}
