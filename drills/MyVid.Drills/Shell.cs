using System.Diagnostics;
using System.Text;

namespace MyVid.Drills;

/// <summary>Runs the repository's scripts and the MyVid binary's verbs to their end.</summary>
public static class Shell
{
    /// <summary>The clone's root: the first folder above the binaries that holds <c>scripts/galera.sh</c>.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Script(string name) => Path.Combine(RepositoryRoot, "scripts", name);

    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }
        process.WaitForExit();
        lock (output)
        {
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
            }
            return output.ToString();
        }

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "galera.sh")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("scripts/galera.sh was not found above " + AppContext.BaseDirectory);
    }
}
