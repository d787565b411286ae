using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using MyVid.Platform.Persistence;
using MyVid.Platform.Storage;

namespace MyVid.Platform.Http;

/// <summary>
/// A real part that cannot serve now (the object store past its timeout, the database after every retry) is a 503
/// with problem+json and Retry-After, not a 500: the request was fine and may be repeated (MyVid's writes are
/// idempotent and nothing is made public before its objects are verified).
/// </summary>
internal sealed partial class UnavailableExceptionHandler(IProblemDetailsService problems, ILogger<UnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    private const int RetryAfterSeconds = 10;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (title, detail) = exception switch
        {
            ObjectStoreUnavailableException e => ("Object store unavailable", e.Message + " Nothing was changed; try again later."),
            RetryLimitExceededException e when e.InnerException is { } inner && GaleraTransientErrors.IsTransient(inner) =>
                ("Database unavailable", "The database did not accept the request after every retry. Try again later."),
            _ => (null, null),
        };
        if (title is null || httpContext.Response.HasStarted)
        {
            return false;
        }
        LogUnavailable(httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: 503, {Reason}")]
    private partial void LogUnavailable(string method, string path, string reason);
}
