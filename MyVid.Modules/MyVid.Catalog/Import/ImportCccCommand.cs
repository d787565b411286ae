using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Modules;

namespace MyVid.Catalog.Import;

/// <summary><c>MyVid.Host import-ccc FILE...</c>: loads media.ccc.de JSON files into the catalogue.</summary>
internal sealed class ImportCccCommand(IServiceScopeFactory scopes) : ICliCommand
{
    public string Name => "import-ccc";

    public string Usage => "import-ccc FILE...   import media.ccc.de event, search or conference JSON files (idempotent)";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Count == 0)
        {
            await output.WriteLineAsync("usage: MyVid.Host " + Usage);
            return 2;
        }
        var files = new List<(string, byte[])>();
        foreach (var path in arguments)
        {
            if (!File.Exists(path))
            {
                await output.WriteLineAsync($"error: {path}: no such file");
                return 1;
            }
            files.Add((Path.GetFileName(path), await File.ReadAllBytesAsync(path, cancellationToken)));
        }
        await using var scope = scopes.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<CccImporter>();
        try
        {
            var bar = Console.IsOutputRedirected || !ReferenceEquals(output, Console.Out) ? null : new ProgressBar(output);
            var report = await importer.ImportAsync(files, bar, cancellationToken);
            bar?.Finish();
            await output.WriteLineAsync($"imported: {report.Imported}");
            await output.WriteLineAsync($"updated: {report.Updated}");
            await output.WriteLineAsync($"unchanged: {report.Unchanged}");
            await output.WriteLineAsync($"skipped: {report.Skipped.Count}");
            foreach (var reason in report.Skipped)
            {
                await output.WriteLineAsync("  skipped " + reason);
            }
            return 0;
        }
        catch (CccFormatException e)
        {
            await output.WriteLineAsync($"error: {e.Message}");
            await output.WriteLineAsync("Nothing was imported.");
            return 1;
        }
    }

    /// <summary>A one-line bar redrawn in place; only on a terminal, so logs and pipes get plain lines.</summary>
    private sealed class ProgressBar(TextWriter output) : IProgress<(int Done, int Total)>
    {
        private const int Width = 30;

        public void Report((int Done, int Total) value)
        {
            var filled = value.Total == 0 ? Width : value.Done * Width / value.Total;
            output.Write($"\r[{new string('#', filled)}{new string(' ', Width - filled)}] {value.Done}/{value.Total}");
        }

        public void Finish() => output.WriteLine();
    }
}
