using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using MyVid.Platform.Http;
using MyVid.Platform.Http.Limits;
using MyVid.Signalling.Contracts;

namespace MyVid.Upload.Api;

/// <summary>Appendix B step 1 on the api role: <c>/API/NEWUPLOAD/</c> names the endpoint to upload through.</summary>
internal static class NewUploadEndpoints
{
    /// <summary>Endpoints heartbeat every few seconds: a new one may be alive by then.</summary>
    public const int RetryAfterSeconds = 10;

    public static void MapNewUploadEndpoints(this IEndpointRouteBuilder routes)
    {
        // The design's text says POST, its appendix GET: both answer the same.
        routes.MapMethods("/API/NEWUPLOAD/", ["GET", "POST"], Choose).WithTags("Upload").RequirePublicRateLimit()
            .WithSummary("The endpoint server to send POST /NEWVIDEOUPLOAD to")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Ok<NewUploadResponse>, ProblemHttpResult>> Choose(
        IEndpointDirectory directory, IOptions<UploadOptions> options, HttpContext context, CancellationToken cancellationToken)
    {
        var node = await directory.ChooseEndpointAsync(cancellationToken);
        if (node is null)
        {
            return Problems.Unavailable("No upload endpoint available",
                "No endpoint server has sent a heartbeat recently; uploads are not possible until one is back.", context, RetryAfterSeconds);
        }
        var o = options.Value;
        return TypedResults.Ok(new NewUploadResponse(new Uri(node.BaseUrl, "NEWVIDEOUPLOAD").AbsoluteUri, o.MaxVideoBytes, o.MaxPreviewBytes));
    }
}
