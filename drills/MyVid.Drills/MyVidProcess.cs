using System.Diagnostics;
using System.Text;

namespace MyVid.Drills;

/// <summary>The MyVid binary (beside this assembly) in a process of its own, as an operator runs it.</summary>
public sealed class MyVidProcess : IAsyncDisposable
{
    private static readonly string HostDll = Path.Combine(AppContext.BaseDirectory, "MyVid.Host.dll");
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private MyVidProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseUrl { get; }

    /// <summary>A verb (<c>migrate</c>, <c>import-ccc FILE</c>) with the given settings, to its end.</summary>
    public static Task<string> RunVerbAsync(IReadOnlyDictionary<string, string> settings, params string[] verb) =>
        Shell.RunAsync("dotnet", [HostDll, .. verb, .. Arguments(settings)], TimeSpan.FromMinutes(2));

    /// <summary>Starts the roles on 127.0.0.1:<paramref name="port"/> and waits until uploads can begin (an endpoint is registered).</summary>
    public static async Task<MyVidProcess> StartAsync(string roles, int port, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[HostDll, "--role", roles, "--urls", $"http://127.0.0.1:{port}", .. Arguments(settings)])
        {
            start.ArgumentList.Add(a);
        }
        var host = new MyVidProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 300; i++)
        {
            if (host._process.HasExited)
            {
                throw new InvalidOperationException($"MyVid exited with {host._process.ExitCode}:\n{host.Output()}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(host.BaseUrl, "API/NEWUPLOAD/"));
                if (response.IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        await host.DisposeAsync();
        throw new TimeoutException("MyVid did not offer uploads within 60 s:\n" + host.Output());
    }

    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static IEnumerable<string> Arguments(IReadOnlyDictionary<string, string> settings) =>
        settings.Select(kv => $"--{kv.Key}={kv.Value}");

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
