using System.Diagnostics;
using MyVid.Bench.Catalog;

// MyVid.Bench.Catalog seed --provider sqlite|mariadb --connection CS --count N --out DIR [--seed S] [--corpus topics|zipf]
//   Fills an empty, migrated catalogue (run `MyVid.Host migrate` first) with N generated videos, then writes
//   DIR/ids.txt (every public id, in random order: GETs spread over the whole catalogue) and DIR/queries.txt
//   (the search mix). A catalogue that already holds N videos is reused: only the two files are written again.
//   --corpus: topics (default, ~250 topic words, the harsh worst case) or zipf (real CCC vocabulary, Zipf's law).
// MyVid.Bench.Catalog matches --provider ... --connection CS --out DIR
//   Counts the matches of every query in DIR/queries.txt (to describe the mix in RESULTS.md) and writes
//   DIR/queries-selective.txt: the queries matching at most 10,000 videos.
// MyVid.Bench.Catalog probe --provider ... --connection CS --sql SQL --queries 'q1;q2' [--repeat N]
//   Times one SQL statement per search, alone (see Probe.cs).
const int SelectiveLimit = 10_000;
var options = BenchArguments.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync("usage: seed|matches|probe --provider sqlite|mariadb --connection CS --out DIR [--count N] [--seed S] [--corpus topics|zipf]");
    return 2;
}
if (options.Command == "probe")
{
    return await Probe.RunAsync(options);
}
Directory.CreateDirectory(options.OutFolder);
await using var catalog = CatalogWriter.Open(options.Provider, options.ConnectionString);
var clock = Stopwatch.StartNew();
if (options.Command == "matches")
{
    var queries = await File.ReadAllLinesAsync(Path.Combine(options.OutFolder, "queries.txt"));
    var counts = new List<(string Query, long Count)>();
    foreach (var query in queries.Distinct(StringComparer.Ordinal))
    {
        counts.Add((query, await catalog.CountMatchesAsync(query)));
    }
    counts.Sort((a, b) => a.Count.CompareTo(b.Count));
    long At(double q) => counts[(int)Math.Min(counts.Count - 1, q * counts.Count)].Count;
    Console.WriteLine(
        $"{counts.Count} distinct queries; matching rows: min {counts[0].Count}, p50 {At(0.5)}, p90 {At(0.9)}, p99 {At(0.99)}, max {counts[^1].Count}; none: {counts.Count(c => c.Count == 0)}");
    foreach (var (query, count) in counts.TakeLast(5))
    {
        Console.WriteLine($"  {count,8}  {query}");
    }
    // The mix's queries that match at most SelectiveLimit videos, in their original proportions.
    var selective = counts.Where(c => c.Count <= SelectiveLimit).Select(c => c.Query).ToHashSet(StringComparer.Ordinal);
    var kept = queries.Where(selective.Contains).ToList();
    await File.WriteAllLinesAsync(Path.Combine(options.OutFolder, "queries-selective.txt"), kept);
    Console.WriteLine($"wrote {kept.Count} of {queries.Length} queries (those matching <= {SelectiveLimit:N0} videos) to queries-selective.txt");
    return 0;
}

var existing = await catalog.CountAsync();
if (existing == 0)
{
    Console.WriteLine($"seeding {options.Count:N0} videos into {options.Provider} ...");
    var generator = new VideoGenerator(options.Seed, options.Corpus);
    await catalog.InsertAsync(generator.Generate(options.Count), options.Count, (done, elapsed) =>
        Console.WriteLine($"  {done,9:N0} rows, {elapsed.TotalSeconds,6:F1} s, {done / elapsed.TotalSeconds,8:N0} rows/s"));
    Console.WriteLine($"inserted {options.Count:N0} rows in {clock.Elapsed.TotalSeconds:F1} s; finishing indexes ...");
    await catalog.FinishAsync();
    Console.WriteLine($"seeded in {clock.Elapsed.TotalSeconds:F1} s");
}
else if (existing != options.Count)
{
    await Console.Error.WriteLineAsync($"error: the catalogue holds {existing:N0} videos, not {options.Count:N0}; start from an empty database");
    return 1;
}
else
{
    Console.WriteLine($"reusing the catalogue: {existing:N0} videos");
}
var ids = await catalog.SampleIdsAsync(options.Count);
await File.WriteAllLinesAsync(Path.Combine(options.OutFolder, "ids.txt"), ids);
await File.WriteAllLinesAsync(Path.Combine(options.OutFolder, "queries.txt"), new VideoGenerator(options.Seed, options.Corpus).Queries(5_000));
Console.WriteLine($"wrote {ids.Count:N0} ids and 5,000 queries to {options.OutFolder}");
return 0;
