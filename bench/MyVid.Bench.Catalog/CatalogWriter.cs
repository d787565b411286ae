using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using MySqlConnector;

namespace MyVid.Bench.Catalog;

/// <summary>Bulk writes into the Videos table the host's migrations created, and the reads the bench needs.</summary>
internal abstract class CatalogWriter : IAsyncDisposable
{
    protected const string Columns =
        "Id, Kind, Visibility, Title, Description, Speakers, Tags, Url, PreviewUrl, VideoObjectKey, PreviewObjectKey, " +
        "ControlUrl, StreamId, ExternalId, DurationSeconds, RandomKey, CreatedAtUtc, UpdatedAtUtc";

    protected const int ColumnCount = 18;

    public static CatalogWriter Open(Provider provider, string connectionString) =>
        provider == Provider.Sqlite ? new SqliteWriter(connectionString) : new MariaDbWriter(connectionString);

    public abstract Task<long> CountAsync();

    public abstract Task<IReadOnlyList<string>> SampleIdsAsync(int count);

    public abstract Task<long> CountMatchesAsync(string query);

    /// <summary>Generation runs on its own thread, a batch ahead of the database.</summary>
    public async Task InsertAsync(IEnumerable<VideoRecord> videos, int total, Action<int, TimeSpan> progress)
    {
        var batches = Channel.CreateBounded<List<VideoRecord>>(4);
        var producer = Task.Run(async () =>
        {
            var batch = new List<VideoRecord>(BatchSize);
            foreach (var video in videos)
            {
                batch.Add(video);
                if (batch.Count == BatchSize)
                {
                    await batches.Writer.WriteAsync(batch);
                    batch = new List<VideoRecord>(BatchSize);
                }
            }
            if (batch.Count > 0)
            {
                await batches.Writer.WriteAsync(batch);
            }
            batches.Writer.Complete();
        });
        var clock = Stopwatch.StartNew();
        var done = 0;
        var reported = 0;
        await BeginAsync();
        await foreach (var batch in batches.Reader.ReadAllAsync())
        {
            await WriteBatchAsync(batch);
            done += batch.Count;
            if (done - reported >= total / 10 || done == total)
            {
                reported = done;
                progress(done, clock.Elapsed);
            }
        }
        await producer;
        await EndAsync();
    }

    protected abstract int BatchSize { get; }

    protected abstract Task BeginAsync();

    protected abstract Task WriteBatchAsync(List<VideoRecord> batch);

    protected abstract Task EndAsync();

    /// <summary>Index work left after the rows are in.</summary>
    public abstract Task FinishAsync();

    public abstract ValueTask DisposeAsync();

    protected static object Value(object? value) => value ?? DBNull.Value;

    protected static object[] Values(VideoRecord v) =>
    [
        v.Id, v.Kind, v.Visibility, v.Title, v.Description, v.Speakers, v.Tags, Value(v.Url), Value(v.PreviewUrl),
        Value(v.VideoObjectKey), Value(v.PreviewObjectKey), Value(v.ControlUrl), Value(v.StreamId), Value(v.ExternalId),
        Value(v.DurationSeconds), v.RandomKey, v.CreatedAtUtc, v.CreatedAtUtc,
    ];
}

/// <summary>
/// One transaction, one prepared INSERT executed per row; the migration's triggers fill the FTS5 index as the
/// rows go in. At the end FTS5 merges its segments (<c>optimize</c>) and the planner statistics are refreshed.
/// </summary>
internal sealed class SqliteWriter : CatalogWriter
{
    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;
    private SqliteCommand? _insert;

    public SqliteWriter(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        Execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY;");
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    protected override int BatchSize => 5_000;

    public override async Task<long> CountAsync()
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM Videos";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public override async Task<IReadOnlyList<string>> SampleIdsAsync(int count)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Videos WHERE Visibility = 1 ORDER BY RandomKey LIMIT $n";
        command.Parameters.AddWithValue("$n", count);
        var ids = new List<string>(count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    public override async Task<long> CountMatchesAsync(string query)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM VideoSearch WHERE VideoSearch MATCH $m";
        command.Parameters.AddWithValue("$m", string.Join(" AND ", query.Split(' ').Select(w => $"\"{w}\"*")));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override Task BeginAsync()
    {
        _transaction = _connection.BeginTransaction();
        _insert = _connection.CreateCommand();
        _insert.Transaction = _transaction;
        _insert.CommandText = $"INSERT INTO Videos ({Columns}) VALUES ({string.Join(", ", Enumerable.Range(0, ColumnCount).Select(i => $"$p{i}"))})";
        for (var i = 0; i < ColumnCount; i++)
        {
            _insert.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }
        _insert.Prepare();
        return Task.CompletedTask;
    }

    protected override Task WriteBatchAsync(List<VideoRecord> batch)
    {
        foreach (var video in batch)
        {
            var values = Values(video);
            for (var i = 0; i < ColumnCount; i++)
            {
                _insert!.Parameters[i].Value = values[i];
            }
            _insert!.ExecuteNonQuery();
        }
        return Task.CompletedTask;
    }

    protected override async Task EndAsync()
    {
        await _transaction!.CommitAsync();
        await _insert!.DisposeAsync();
        await _transaction.DisposeAsync();
    }

    public override Task FinishAsync()
    {
        Execute("INSERT INTO VideoSearch(VideoSearch) VALUES ('optimize');");
        Execute("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}

/// <summary>
/// Multi-row INSERTs of 1,000 rows in primary-key order. The term index the search reads is filled afterwards by the
/// host's backfill (a <c>--role api</c> host on the catalogue); MariaDB has no FULLTEXT index since the migration
/// DropFullTextIndexes.
/// </summary>
internal sealed class MariaDbWriter(string connectionString) : CatalogWriter
{
    private readonly MySqlConnection _connection = new(connectionString);

    private async Task<MySqlConnection> ConnectionAsync()
    {
        if (_connection.State != System.Data.ConnectionState.Open)
        {
            await _connection.OpenAsync();
        }
        return _connection;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = new MySqlCommand(sql, await ConnectionAsync()) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    protected override int BatchSize => 1_000;

    public override async Task<long> CountAsync()
    {
        await using var command = new MySqlCommand("SELECT COUNT(*) FROM Videos", await ConnectionAsync());
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async Task<IReadOnlyList<string>> SampleIdsAsync(int count)
    {
        await using var command = new MySqlCommand("SELECT Id FROM Videos WHERE Visibility = 1 ORDER BY RandomKey LIMIT @n", await ConnectionAsync());
        command.Parameters.AddWithValue("@n", count);
        var ids = new List<string>(count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>The count needs a full-text index that lists every match; the MariaDB term index is cut per tier.</summary>
    public override Task<long> CountMatchesAsync(string query) =>
        throw new NotSupportedException("count matches on the SQLite catalogue (the same rows): MariaDB has no FULLTEXT index any more");

    protected override async Task BeginAsync()
    {
        await ExecuteAsync("SET unique_checks = 0");
    }

    protected override async Task WriteBatchAsync(List<VideoRecord> batch)
    {
        await using var command = new MySqlCommand { Connection = await ConnectionAsync(), CommandTimeout = 0 };
        var sql = new System.Text.StringBuilder($"INSERT INTO Videos ({Columns}) VALUES ");
        for (var r = 0; r < batch.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ",(");
            var values = Values(batch[r]);
            for (var i = 0; i < ColumnCount; i++)
            {
                var name = $"@p{r}_{i}";
                sql.Append(i == 0 ? name : "," + name);
                command.Parameters.AddWithValue(name, values[i]);
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task EndAsync() => await ExecuteAsync("SET unique_checks = 1");

    public override async Task FinishAsync()
    {
        await ExecuteAsync("ANALYZE TABLE Videos");
    }

    public override async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
