using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Contracts;
using MyVid.Testing;
using MyVid.Upload.Persistence;

namespace MyVid.Upload.Tests;

/// <summary>Looks behind the API, to check that a refused call left nothing half-made.</summary>
internal static class NodeState
{
    public static async Task<int> UploadCountAsync(this TestNode node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UploadDbContext>().Uploads.CountAsync();
    }

    public static async Task<UploadedVideo?> CatalogVideoAsync(this TestNode node, string id)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICatalogWriter>().FindAsync(id, CancellationToken.None);
    }

    public static async Task<bool> UploadExistsAsync(this TestNode node, string id)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UploadDbContext>().Uploads.AnyAsync(u => u.Id == id);
    }
}
