using MyVid.WebRtc.Fuzzing;

namespace MyVid.WebRtc.Tests.Fuzz;

/// <summary>
/// A short run of the mutation fuzzer that `bench/MyVid.Bench.WebRtc fuzz` runs for millions of inputs
/// (issue 5, robust parsing): every parser must answer mutated captures with false, never an exception.
/// </summary>
public sealed class ParserFuzzTests
{
    private const int Inputs = 5_000;

    private static IEnumerable<string> Targets => FuzzTargets.Names;

    [TestCaseSource(nameof(Targets))]
    public void Mutated_captures_never_make_a_parser_throw(string name)
    {
        using var target = FuzzTargets.Create(name);

        var result = FuzzRunner.Run(target, Inputs, seed: 20250101);

        Assert.That(result.Crashes, Is.Zero, result.FirstCrash);
        Assert.That(result.Inputs, Is.EqualTo(Inputs));
    }

    [Test]
    public void Mutations_are_reproducible_from_the_seed_and_change_the_input()
    {
        var seed = new byte[64];
        Span<byte> first = stackalloc byte[256];
        Span<byte> second = stackalloc byte[256];
        var changed = 0;
        Mutator a = new(5), b = new(5);
        for (var i = 0; i < 100; i++)
        {
            var length = a.Mutate(seed, seed, first);
            Assert.That(b.Mutate(seed, seed, second), Is.EqualTo(length));
            Assert.That(first[..length].SequenceEqual(second[..length]), Is.True);
            changed += length != seed.Length || !first[..length].SequenceEqual(seed) ? 1 : 0;
        }

        Assert.That(changed, Is.GreaterThan(90));
    }
}
