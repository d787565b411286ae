namespace MyVid.WebRtc.Fuzzing;

/// <summary>
/// One parser (or a family of them) under fuzzing: realistic seeds and a run that feeds it an input. Parsers
/// report bad input by returning false; any exception a run lets out is a crash. A run may also throw
/// <see cref="FuzzInvariantException"/> when a parser accepts something it then cannot use (e.g. a round trip).
/// </summary>
public abstract class FuzzTarget : IDisposable
{
    protected FuzzTarget(string name, IReadOnlyList<byte[]> seeds)
    {
        Name = name;
        Seeds = seeds;
    }

    public string Name { get; }

    public IReadOnlyList<byte[]> Seeds { get; }

    /// <summary>The largest input the runner makes; the seeds plus room for extension and splicing.</summary>
    public int MaxInputLength => Seeds.Max(s => s.Length) + 256;

    /// <summary>
    /// Feeds one input; may modify it (unprotect and rewrites work in place). True when the first parser accepted
    /// it: the share of accepted inputs shows whether mutants reach past the length checks.
    /// </summary>
    public abstract bool Run(Span<byte> input);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    public override string ToString() => Name;
}

/// <summary>A parser accepted an input that its own counterpart (writer, re-parse) then rejected.</summary>
public sealed class FuzzInvariantException : Exception
{
    public FuzzInvariantException()
    {
    }

    public FuzzInvariantException(string message)
        : base(message)
    {
    }

    public FuzzInvariantException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
