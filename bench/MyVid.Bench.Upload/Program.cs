using System.Diagnostics;
using System.Globalization;
using MyVid.Bench.Upload;

// usage: MyVid.Bench.Upload API_BASE_URL [--size-mb 200] [--parallel 4] [--roundtrips 200] [--concurrency 8] [--label NAME]
var api = new Uri(args.Length > 0 ? args[0].TrimEnd('/') + "/" : "http://127.0.0.1:5000/");
var sizeMb = Option("--size-mb", 200);
var parallel = Option("--parallel", 4);
var roundTrips = Option("--roundtrips", 200);
var concurrency = Option("--concurrency", 8);
var label = OptionText("--label", api.Authority);
using var client = new UploadClient(api);

var video = UploadClient.FakeMp4(sizeMb * 1_000_000);
var single = await TimeAsync(async () =>
{
    var upload = await client.BeginAsync("single", 32_000_000);
    await client.PutAsync(upload.GetProperty("VideoURL").GetString()!, video.AsMemory(0, 32_000_000), upload.GetProperty("VideoContentType").GetString());
    await client.PublishAsync(upload);
});
var sequential = await TimeAsync(() => MultipartAsync(1));
var parallelTime = await TimeAsync(() => MultipartAsync(parallel));

var sequenceDone = 0;
var trips = await TimeAsync(async () =>
{
    var small = UploadClient.FakeMp4(4096);
    await Parallel.ForAsync(0, roundTrips, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
    {
        var upload = await client.BeginAsync($"trip {i}", small.Length);
        await client.PutAsync(upload.GetProperty("VideoURL").GetString()!, small, upload.GetProperty("VideoContentType").GetString());
        await client.PublishAsync(upload);
        Interlocked.Increment(ref sequenceDone);
    });
});

Console.WriteLine($"| {label} | single PUT 32 MB | {32 / single.TotalSeconds:F1} MB/s |");
Console.WriteLine($"| {label} | multipart {sizeMb} MB, parts in sequence | {sizeMb / sequential.TotalSeconds:F1} MB/s |");
Console.WriteLine($"| {label} | multipart {sizeMb} MB, {parallel} parts at once | {sizeMb / parallelTime.TotalSeconds:F1} MB/s |");
Console.WriteLine($"| {label} | NEWVIDEOUPLOAD + 4 KB PUT + PUBLISH, {concurrency} at once | {sequenceDone / trips.TotalSeconds:F0} uploads/s ({sequenceDone} in {trips.TotalSeconds:F1} s) |");
return 0;

async Task MultipartAsync(int degree)
{
    var upload = await client.BeginAsync("multipart", video.Length);
    var multipart = upload.GetProperty("Multipart");
    var partSize = (int)multipart.GetProperty("PartSize").GetInt64();
    var parts = multipart.GetProperty("Parts").EnumerateArray()
        .Select(p => (Number: p.GetProperty("PartNumber").GetInt32(), Url: p.GetProperty("URL").GetString()!)).ToList();
    await Parallel.ForEachAsync(parts, new ParallelOptions { MaxDegreeOfParallelism = degree }, async (part, _) =>
    {
        var start = (part.Number - 1) * partSize;
        await client.PutAsync(part.Url, video.AsMemory(start, Math.Min(partSize, video.Length - start)), null);
    });
    await client.PublishAsync(upload);
}

static async Task<TimeSpan> TimeAsync(Func<Task> action)
{
    var clock = Stopwatch.StartNew();
    await action();
    return clock.Elapsed;
}

int Option(string name, int fallback) =>
    int.Parse(OptionText(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

string OptionText(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
