using System.Net;

namespace MyVid.Drills;

/// <summary>
/// A well-behaved client of a rate-limited API: a 429 is waited out (its Retry-After, at most 5 s) and the request sent
/// again, up to 10 times. topology.sh sets the limits low (5 a second) so that the hostile-input drill meets them; the
/// other drills and the end-to-end test must not fail on what that drill or their own polling spent.
/// </summary>
internal sealed class RetryAfterHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == 10)
            {
                return response;
            }
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait < MaxWait ? wait : MaxWait, cancellationToken);
        }
    }
}
