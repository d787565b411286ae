using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MyVid.Media.Control;

/// <summary>Where the control link goes (the configured endpoints, else the node itself) and the UDP address it advertises.</summary>
internal static class LinkAddresses
{
    public static List<Uri> Endpoints(MediaControlOptions options, IServiceProvider services)
    {
        if (options.Endpoints.Count > 0)
        {
            return options.Endpoints.Select(e => new Uri(e.EndsWith('/') ? e : e + "/")).ToList();
        }
        // A node with the endpoint role too: attach to itself.
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var own = addresses.OrderBy(a => a.StartsWith("https", StringComparison.Ordinal) ? 1 : 0).FirstOrDefault() ?? "http://127.0.0.1:5000";
        foreach (var wildcard in new[] { "://+", "://*", "://0.0.0.0", "://[::]", "://localhost" })
        {
            own = own.Replace(wildcard, "://127.0.0.1", StringComparison.Ordinal);
        }
        return [new Uri(own.TrimEnd('/') + "/")];
    }

    public static string? AdvertisedUdp(MediaControlOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(options.AdvertisedUdp))
        {
            return options.AdvertisedUdp;
        }
        var address = configuration["Media:AdvertisedAddress"] is { Length: > 0 } advertised ? advertised : configuration["Media:BindAddress"];
        var port = configuration["Media:Port"];
        return address is { Length: > 0 } && port is { Length: > 0 } ? $"{address}:{port}" : null;
    }
}
