using System.Globalization;
using BenchmarkDotNet.Running;
using MyVid.WebRtc.Fuzzing;

// `fuzz [--iterations N] [--seed S] [--target NAME]` runs the mutation fuzzer, `cpu [--seconds S]` times the benchmark
// methods by CPU time, `sendmmsg [--seconds S]` the media node's batched sends against sendto; anything else goes to
// BenchmarkDotNet.
if (args.Length > 0 && args[0] == "cpu")
{
    MyVid.Bench.WebRtc.CpuTimeCommand.Run(args.Length > 2 && args[1] == "--seconds" ? double.Parse(args[2], CultureInfo.InvariantCulture) : 2);
    return 0;
}

if (args.Length > 0 && args[0] == "sendmmsg")
{
    MyVid.Bench.WebRtc.SendBatchCommand.Run(args.Length > 2 && args[1] == "--seconds" ? double.Parse(args[2], CultureInfo.InvariantCulture) : 2);
    return 0;
}

if (args.Length > 0 && args[0] == "fuzz")
{
    long iterations = 1_000_000;
    var seed = 1;
    var targets = FuzzTargets.Names;
    for (var i = 1; i + 1 < args.Length; i += 2)
    {
        switch (args[i])
        {
            case "--iterations":
                iterations = long.Parse(args[i + 1], CultureInfo.InvariantCulture);
                break;
            case "--seed":
                seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                break;
            case "--target":
                targets = args[i + 1].Split(',');
                break;
            default:
                Console.Error.WriteLine($"unknown option {args[i]}");
                return 2;
        }
    }

    Console.WriteLine($"fuzz: {iterations:N0} inputs per target, seed {seed}");
    long crashes = 0;
    foreach (var name in targets)
    {
        using var target = FuzzTargets.Create(name);
        var result = FuzzRunner.Run(target, iterations, seed);
        crashes += result.Crashes;
        Console.WriteLine(result);
    }

    return crashes == 0 ? 0 : 1;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
