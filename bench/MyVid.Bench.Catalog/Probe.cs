using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using MySqlConnector;

namespace MyVid.Bench.Catalog;

/// <summary>
/// Times one SQL statement for each of a list of searches, alone (no host, no concurrency): the statement's cost
/// as the database sees it. Parameters: @m is the search as an FTS5 MATCH expression ("w1"* AND "w2"*), @b as an
/// InnoDB boolean-mode expression (+w1* +w2*), @q the raw text. Prints the median and minimum of --repeat runs and
/// the number of rows the statement returned.
/// </summary>
internal static class Probe
{
    public static async Task<int> RunAsync(BenchArguments options)
    {
        if (!options.Values.TryGetValue("sql", out var sql) || !options.Values.TryGetValue("queries", out var list))
        {
            await Console.Error.WriteLineAsync("usage: probe --provider P --connection CS --sql SQL --queries 'q1;q2' [--repeat N]");
            return 2;
        }
        var repeat = options.Values.TryGetValue("repeat", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 5;
        await using DbConnection connection = options.Provider == Provider.Sqlite
            ? new SqliteConnection(options.ConnectionString)
            : new MySqlConnection(options.ConnectionString);
        await connection.OpenAsync();
        if (connection is SqliteConnection)
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA mmap_size = 17179869184";
            await pragma.ExecuteNonQueryAsync();
        }
        foreach (var query in list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = query.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var times = new List<double>();
            var rows = 0;
            for (var i = 0; i < repeat; i++)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.CommandTimeout = 0;
                Add(command, "@m", string.Join(" AND ", words.Select(w => $"\"{w}\"*")));
                Add(command, "@b", string.Join(' ', words.Select(w => $"+{w}*")));
                Add(command, "@q", query);
                var clock = Stopwatch.StartNew();
                rows = 0;
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        rows++;
                    }
                }
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"{query,-24} median {times[times.Count / 2],9:F1} ms  min {times[0],9:F1} ms  rows {rows}");
        }
        return 0;
    }

    private static void Add(DbCommand command, string name, string value)
    {
        if (command.CommandText.Contains(name, StringComparison.Ordinal))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
