namespace MyVid.Platform.Modules;

/// <summary>A verb of the host's command line (<c>MyVid.Host import-ccc FILE...</c>), contributed by a module.</summary>
public interface ICliCommand
{
    string Name { get; }

    /// <summary>One line for the top-level <c>--help</c>, starting with the usage.</summary>
    string Usage { get; }

    /// <summary>What <c>MyVid.Host NAME --help</c> prints.</summary>
    string Help => "usage: MyVid.Host " + Usage;

    /// <summary>Runs the command; the result is the process exit code (0 success, 1 failure, 2 bad usage).</summary>
    Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken);
}
