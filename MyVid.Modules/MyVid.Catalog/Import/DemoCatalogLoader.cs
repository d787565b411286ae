using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Import;

/// <summary>
/// On a node running every role with an empty catalogue, loads the bundled media.ccc.de snapshot so a new user
/// sees real videos at once. Runs after the database is migrated (hosted services start in order).
/// </summary>
internal sealed partial class DemoCatalogLoader(IServiceScopeFactory scopes, IOptions<CatalogOptions> options, ILogger<DemoCatalogLoader> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.LoadDemoCatalog)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        if (await db.Videos.AnyAsync(cancellationToken))
        {
            return;
        }
        var report = await scope.ServiceProvider.GetRequiredService<CccImporter>().ImportAsync(BundledFiles(), null, cancellationToken);
        LogLoaded(report.Imported);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static IReadOnlyList<(string Name, byte[] Json)> BundledFiles()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("DemoCatalog/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return (n, copy.ToArray());
            })
            .ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Empty catalogue: loaded {Count} videos from the bundled media.ccc.de demo catalogue")]
    private partial void LogLoaded(int count);
}
