using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Persistence;
using MyVid.Catalog.Search;
using MyVid.Platform.Http;
using MyVid.Platform.Http.Limits;
using MyVid.Platform.Ids;

namespace MyVid.Catalog.Api;

/// <summary>Appendix A: <c>POST /API/VIDEO/</c> (search or random) and <c>GET /API/VIDEO/{ID}</c>.</summary>
internal static class VideoEndpoints
{
    public static void MapVideoApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/API/VIDEO").WithTags("Catalog").RequirePublicRateLimit();
        group.MapPost("/", List)
            .WithSummary("Search videos, or a random selection when no search is given")
            .WithDescription("Body fields, all optional: Search (words), Page and PageSize (search results), Type " +
                "(\"HTTP\" or \"WebRTC\": a random selection of stored and remote videos, or of live streams; not with Search).")
            .DescribeJsonBody<VideoSearchRequest>(required: false)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        // The appendix writes GET for the same call; it answers as an empty search.
        group.MapGet("/", (VideoQueries queries, VideoLinks links, IOptions<CatalogOptions> options, CancellationToken cancellationToken) =>
                RandomAsync(queries, links, options.Value, live: null, cancellationToken))
            .WithSummary("A random selection of videos");
        group.MapGet("/{id}", Get)
            .WithSummary("A video's metadata: HTTP (with a signed URL for stored videos) or WebRTC (live)");
    }

    private static async Task<Results<Ok<VideoSummaryDto[]>, ProblemHttpResult>> List(
        HttpRequest request, IValidator<VideoSearchRequest> validator, IVideoSearch search, VideoQueries queries,
        VideoLinks links, SearchAnswerCache answers, IOptions<CatalogOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, validator, allowEmpty: true);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var terms = SearchTerms.Parse(body.Value!.Search);
        if (terms.IsEmpty)
        {
            bool? live = body.Value.Type is { } type && VideoLinks.TryParseWireType(type, out var isLive) ? isLive : null;
            return await RandomAsync(queries, links, options.Value, live, cancellationToken);
        }
        var size = body.Value.PageSize ?? options.Value.PageSize;
        var offset = ((body.Value.Page ?? 1) - 1) * size;
        if (answers.TryGet(terms, offset, size, out var kept))
        {
            return TypedResults.Ok(kept);
        }
        var writes = answers.Writes;
        var rows = await search.SearchAsync(terms, offset, size, cancellationToken);
        var answer = rows.Select(links.Summary).ToArray();
        answers.Keep(terms, offset, size, answer, writes);
        return TypedResults.Ok(answer);
    }

    private static async Task<Ok<VideoSummaryDto[]>> RandomAsync(VideoQueries queries, VideoLinks links, CatalogOptions options,
        bool? live, CancellationToken cancellationToken)
    {
        var rows = await queries.RandomAsync(options.RandomCount, live, cancellationToken);
        return TypedResults.Ok(rows.Select(links.Summary).ToArray());
    }

    private static async Task<Results<Ok<HttpVideoDto>, Ok<LiveVideoDto>, ProblemHttpResult>> Get(
        string id, PublicVideoLookup lookup, VideoLinks links, VideoAnswerCache cache, IPublicBaseUrl baseUrl, CancellationToken cancellationToken)
    {
        if (cache.TryGet(id, out var kept))
        {
            return TypedResults.Ok(kept);
        }
        var writes = cache.Writes;
        var video = ShortId.IsWellFormed(id) ? await lookup.FindAsync(id, cancellationToken) : null;
        if (video is null)
        {
            return Problems.NotFound("No such video", $"There is no public video with ID '{id}'.");
        }
        if (video.Kind == VideoKind.WebRtc)
        {
            return TypedResults.Ok(new LiveVideoDto(VideoLinks.WebRtcType, video.ControlUrl ?? "", video.StreamId ?? "",
                video.Title, video.Description, video.Viewers ?? 0, new Uri(baseUrl.Current(), "whep/" + video.Id).AbsoluteUri));
        }
        var url = links.Video(video);
        if (url is null)
        {
            return Problems.NotFound("Video has no file", $"Video '{id}' has no playable file.");
        }
        var answer = new HttpVideoDto(VideoLinks.HttpType, url, links.Preview(video.PreviewObjectKey, video.PreviewUrl),
            video.Title, video.Description, video.DurationSeconds)
        {
            Width = video.Width,
            Height = video.Height,
            VideoCodec = video.VideoCodec,
            AudioCodec = video.AudioCodec,
            ProcessingError = video.ProbeError,
            CutShort = video.CutShort ? true : null,
        };
        cache.Keep(id, answer, writes);
        return TypedResults.Ok(answer);
    }
}
