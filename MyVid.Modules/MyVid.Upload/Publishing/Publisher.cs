using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using MyVid.Catalog.Contracts;
using MyVid.Platform.Http;
using MyVid.Upload.Api;
using MyVid.Upload.Persistence;
using MyVid.Upload.Processing;

namespace MyVid.Upload.Publishing;

/// <summary>
/// <c>POST /API/PUBLISH/</c>: token, then the multipart upload completed, then the objects verified, and only then
/// the video made public. Any failure leaves the video private and the upload as it was, so the call can be
/// repeated; publishing a published upload answers the same success.
/// </summary>
internal sealed partial class Publisher(
    UploadDbContext db,
    UploadLookup lookup,
    MultipartCompleter completer,
    UploadVerifier verifier,
    ICatalogWriter catalog,
    ProbeQueue probes,
    TimeProvider clock,
    UploadMetrics metrics,
    ILogger<Publisher> logger)
{
    public async Task<Results<Ok<PublishResponse>, ProblemHttpResult>> PublishAsync(string id, string token, CancellationToken cancellationToken)
    {
        var (upload, refusal) = await lookup.FindAsync(id, token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        if (upload!.PublishedAtUtc is not null)
        {
            return TypedResults.Ok(new PublishResponse(id, Public: true));
        }
        if (upload.MultipartUploadId is not null && await completer.CompleteAsync(upload, cancellationToken) is { } partProblem)
        {
            return partProblem;
        }
        var verdict = await verifier.VerifyAsync(upload, cancellationToken);
        if (verdict.Missing.Count > 0)
        {
            return Refuse(StatusCodes.Status409Conflict, "Upload incomplete", "Cannot publish yet: ", verdict.Missing);
        }
        if (verdict.Wrong.Count > 0)
        {
            LogRejected(id, verdict.Wrong);
            metrics.Rejected();
            return Refuse(StatusCodes.Status422UnprocessableEntity, "Upload rejected", "Cannot publish: ", verdict.Wrong);
        }
        if (await catalog.PublishAsync(id, cancellationToken) == PublishOutcome.NotFound)
        {
            return Problems.NotFound("No such video", $"Video '{id}' is no longer in the catalogue (its upload expired).");
        }
        upload.PublishedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        LogPublished(id);
        metrics.Published();
        probes.Enqueue(id);
        return TypedResults.Ok(new PublishResponse(id, Public: true));
    }

    internal static ProblemHttpResult Refuse(int status, string title, string lead, IReadOnlyList<string> reasons) =>
        TypedResults.Problem(statusCode: status, title: title, detail: lead + string.Join("; ", reasons) + ".",
            extensions: new Dictionary<string, object?> { ["reasons"] = reasons.ToArray() });

    [LoggerMessage(Level = LogLevel.Information, Message = "Video {Id} published")]
    private partial void LogPublished(string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Video {Id} not published: {Reasons}")]
    private partial void LogRejected(string id, IReadOnlyList<string> reasons);
}
