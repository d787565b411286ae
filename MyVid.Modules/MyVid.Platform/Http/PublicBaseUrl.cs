using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MyVid.Platform.Hosting;

namespace MyVid.Platform.Http;

/// <summary>The configured public URL; else the current request's scheme and host; else the first listening address.</summary>
internal sealed class PublicBaseUrl(IOptions<NodeOptions> options, IHttpContextAccessor http, IServer server) : IPublicBaseUrl
{
    private readonly Uri? _configured = string.IsNullOrEmpty(options.Value.PublicBaseUrl) ? null : new Uri(options.Value.PublicBaseUrl);

    public Uri Current()
    {
        if (_configured is not null)
        {
            return _configured;
        }
        if (http.HttpContext?.Request is { Host.HasValue: true } request)
        {
            return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
        }
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        return new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal));
    }
}
