using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MyVid.Platform.Persistence;

/// <summary>
/// Reads the embedded database through a memory map (<c>PRAGMA mmap_size</c>) instead of a read() call per page
/// into each connection's small private cache. A lookup by id in a 1,000,000-video catalogue touches ~8 pages
/// spread over ~2 GB; through the map they are plain memory reads of the OS page cache. Set once per native
/// connection: the pool hands the same handle out again, and the setting lives as long as the handle.
/// </summary>
internal sealed class SqliteMemoryMapInterceptor : DbConnectionInterceptor
{
    /// <summary>SQLite caps it at its compile-time maximum (2 GB in e_sqlite3); beyond the file's size it costs nothing.</summary>
    public const long MapSize = 1L << 40;

    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Configure(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Configure(connection);
        return Task.CompletedTask;
    }

    private void Configure(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || _configured.TryGetValue(handle, out _))
        {
            return;
        }
        using (var command = sqlite.CreateCommand())
        {
            command.CommandText = $"PRAGMA mmap_size = {MapSize};";
            command.ExecuteNonQuery();
        }
        _configured.AddOrUpdate(handle, this);
    }
}
