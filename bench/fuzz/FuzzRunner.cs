using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace MyVid.WebRtc.Fuzzing;

/// <summary>What a run found: inputs, crashes, throughput and the first crash, replayable from its input.</summary>
public sealed record FuzzResult(string Target, long Inputs, long Accepted, long Crashes, TimeSpan Elapsed, string? FirstCrash)
{
    public double InputsPerSecond => Inputs / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public override string ToString() =>
        $"{Target,-14} {Inputs,12:N0} inputs {InputsPerSecond,10:N0}/s {100.0 * Accepted / Math.Max(Inputs, 1),5:F1}% accepted {Crashes,4:N0} crashes"
        + (FirstCrash is null ? "" : $"\n  first: {FirstCrash}");
}

/// <summary>The mutation loop: pick a seed and a donor, mutate, run, count what escapes as a crash.</summary>
public static class FuzzRunner
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Every exception a parser lets out is what a fuzzer counts.")]
    public static FuzzResult Run(FuzzTarget target, long iterations, int seed)
    {
        ArgumentNullException.ThrowIfNull(target);
        var mutator = new Mutator(seed);
        var seeds = target.Seeds;
        var buffer = new byte[target.MaxInputLength];
        var input = new byte[buffer.Length];
        long crashes = 0, accepted = 0;
        string? first = null;
        var stopwatch = Stopwatch.StartNew();
        for (long i = 0; i < iterations; i++)
        {
            var length = mutator.Mutate(seeds[mutator.Next(seeds.Count)], seeds[mutator.Next(seeds.Count)], input);

            // Targets may work in place, so they get a copy and the input stays printable.
            input.AsSpan(0, length).CopyTo(buffer);
            try
            {
                accepted += target.Run(buffer.AsSpan(0, length)) ? 1 : 0;
            }
            catch (Exception e)
            {
                crashes++;
                first ??= $"input #{i}, {e.GetType().Name}: {e.Message}\n  {e.StackTrace?.Split('\n')[0].Trim()}"
                    + $"\n  hex: {Convert.ToHexString(input, 0, length)}";
            }
        }

        return new FuzzResult(target.Name, iterations, accepted, crashes, stopwatch.Elapsed, first);
    }
}
