using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyVid.Platform.Options;

namespace MyVid.Platform.Http.Limits;

/// <summary>
/// Hostile-input limits every role shares: forwarded headers from trusted proxies only, and the per-address token
/// bucket the public API's endpoints opt into with <see cref="RequirePublicRateLimit{TBuilder}"/>.
/// </summary>
public static class PublicApiLimits
{
    public const string Policy = "public-api";

    public static IServiceCollection AddPublicApiLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.Section);
        services.AddValidatedOptions<ProxyOptions, ProxyOptionsValidator>(ProxyOptions.Section);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            // With no proxy listed the middleware would trust every sender (empty lists mean "no check"): then none.
            forwarded.ForwardedHeaders = proxy.Value.TrustedAddresses.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET Core trusts loopback by default; here only the configured proxies are, so a client on the
            // same machine cannot pick its own address.
            forwarded.KnownIPNetworks.Clear();
#pragma warning disable CS0618, ASPDEPR005 // the obsolete list still holds the loopback default and is still consulted
            forwarded.KnownNetworks.Clear();
#pragma warning restore CS0618, ASPDEPR005
            forwarded.KnownProxies.Clear();
            foreach (var address in proxy.Value.TrustedAddresses)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            }
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, options) =>
        {
            var limits = options.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(Policy, context => limits.Enabled
                ? RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(""));
        });
        return services;
    }

    /// <summary>Forwarded headers first (so everything after sees the client's address), then the limiter.</summary>
    public static IApplicationBuilder UsePublicApiLimits(this IApplicationBuilder app) => app.UseForwardedHeaders().UseRateLimiter();

    /// <summary>Puts these endpoints under the per-address limit of <c>RateLimit</c>.</summary>
    public static TBuilder RequirePublicRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(Policy)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]));

    private static string ClientKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        var http = rejected.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This address sent more requests than the public API takes; try again in {seconds} s.",
            },
        });
    }
}
