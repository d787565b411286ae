using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace MyVid.Interop.Tests.Clients;

/// <summary>
/// A client MyVid did not write, run as a process from <c>clients/</c>: every line it prints on stdout is one JSON
/// message; its stderr is echoed to the test's progress output (browsers' console errors, GStreamer's warnings).
/// </summary>
internal sealed class ClientProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _name;
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly StringBuilder _output = new();

    private ClientProcess(Process process, string name)
    {
        _process = process;
        _name = name;
        process.OutputDataReceived += (_, e) => OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => OnStderr(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The folder with the clients' scripts and their node_modules (the test project's <c>clients/</c>).</summary>
    public static string Folder { get; } = typeof(ClientProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "InteropClients").Value!;

    public ChannelReader<JsonElement> Messages => _messages.Reader;

    public static ClientProcess Start(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return new ClientProcess(Process.Start(start)!, $"{Path.GetFileName(program)} {Path.GetFileName(arguments.FirstOrDefault())}");
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The next message that <paramref name="wanted"/> accepts (earlier ones are dropped); fails with the output after <paramref name="limit"/>.</summary>
    public async Task<JsonElement> ReadAsync(string what, Func<JsonElement, bool> wanted, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                var message = await _messages.Reader.ReadAsync(timeout.Token);
                if (wanted(message))
                {
                    return message;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            Assert.Fail($"{_name}: {what}: not within {limit.TotalSeconds} s{(_process.HasExited ? $" (it exited with {_process.ExitCode})" : "")}:\n{Output()}");
            throw new UnreachableException();
        }
    }

    /// <summary>Closes stdin: the clients take it as "stop" (end the session, then exit).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits for the process to end by itself (e.g. a client that stops after its counting window).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{_name}: did not end within {limit.TotalSeconds} s:\n{Output()}");
        }
        return _process.ExitCode;
    }

    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    /// <summary>Closes stdin (the clients end on it), then kills what is left after a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            _messages.Writer.TryComplete();
            return;
        }
        if (line.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                _messages.Writer.TryWrite(document.RootElement.Clone());
                return;
            }
            catch (JsonException)
            {
                // Not a message: kept in the output.
            }
        }
        Append(line);
    }

    private void OnStderr(string? line)
    {
        if (line is not null)
        {
            Append(line);
            TestContext.Progress.WriteLine($"{_name}: {line}");
        }
    }

    private void Append(string line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
