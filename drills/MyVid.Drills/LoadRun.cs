using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace MyVid.Drills;

/// <summary>
/// The drills' load: loops of search, metadata reads, uploads (NEWVIDEOUPLOAD, PUTs, PUBLISH) and playback through
/// MyVid's public API, each request recorded. A loop finishes its request in flight when told to stop, so every
/// request is counted once, and remembers which uploads and publishes MyVid acknowledged.
/// </summary>
public sealed class LoadRun(DrillApi api, LoadOptions options) : IDisposable
{
    public const string Search = "search";
    public const string Metadata = "GET metadata";
    public const string NewVideoUpload = "NEWVIDEOUPLOAD";
    public const string Put = "PUT (to the store)";
    public const string Publish = "PUBLISH";
    public const string Playback = "playback (stored)";
    public const string RemotePlayback = "playback (CCC)";

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<OperationRecord> _records = new();
    private readonly List<Task> _loops = [];
    private CancellationTokenSource _stop = new();
    private int _uploads;

    /// <summary>Acknowledged publishes: ID → the video's bytes.</summary>
    public ConcurrentDictionary<string, byte[]> Published { get; } = new();

    /// <summary>Acknowledged NEWVIDEOUPLOADs (published or not): ID → the video's bytes as sent.</summary>
    public ConcurrentDictionary<string, byte[]> Begun { get; } = new();

    /// <summary>A remote (CCC) entry to read and play, with the bytes its URL serves.</summary>
    public (string Id, byte[] Bytes)? Remote { get; set; }

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<OperationRecord> Records => [.. _records];

    public void Start()
    {
        _stop.Dispose();
        _stop = new CancellationTokenSource();
        var token = _stop.Token;
        Add(options.Searchers, () => SearchOnceAsync());
        Add(options.Readers, () => ReadOnceAsync());
        Add(options.Uploaders, () => UploadOnceAsync());
        Add(options.Players, () => PlayStoredOnceAsync());
        Add(options.RemotePlayers, () => PlayRemoteOnceAsync());

        void Add(int count, Func<Task> once)
        {
            for (var i = 0; i < count; i++)
            {
                _loops.Add(Task.Run(async () =>
                {
                    while (!token.IsCancellationRequested)
                    {
                        await once();
                        await Task.Delay(options.Pace, CancellationToken.None);
                    }
                }, CancellationToken.None));
            }
        }
    }

    /// <summary>Stops every loop after its request in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _loops.Clear();
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>One upload from start to publish, outside the loops (the drills' seed).</summary>
    public Task UploadOnceAsync() => UploadAsync(Interlocked.Increment(ref _uploads));

    private async Task SearchOnceAsync() => await TimeAsync(Search, async () => (await api.SearchAsync("drill")).Item1);

    private async Task ReadOnceAsync()
    {
        if (PickId() is { } id)
        {
            await TimeAsync(Metadata, async () => (await api.MetadataAsync(id)).Item1);
        }
    }

    private async Task UploadAsync(int n)
    {
        JsonElement? ticket = null;
        await TimeAsync(NewVideoUpload, async () =>
        {
            var (outcome, body) = await api.NewVideoUploadAsync($"drill upload {n}");
            ticket = outcome.Ok ? body : null;
            return outcome;
        });
        if (ticket is not { } t)
        {
            return;
        }
        var id = t.GetProperty("ID").GetString()!;
        var video = Bytes(options.VideoBytes, [0x1A, 0x45, 0xDF, 0xA3]);
        Begun[id] = video;
        var putOk = await TimeAsync(Put, () => api.PutAsync(t.GetProperty("PreviewURL").GetString()!, Bytes(2048, [0xFF, 0xD8, 0xFF]),
            t.GetProperty("PreviewContentType").GetString()!));
        putOk &= await TimeAsync(Put, () => api.PutAsync(t.GetProperty("VideoURL").GetString()!, video, t.GetProperty("VideoContentType").GetString()!));
        // Publishing after a failed PUT too, as a client that retries would: MyVid must refuse it cleanly.
        if (await TimeAsync(Publish, async () => (await api.PublishAsync(id, t.GetProperty("Token").GetString()!)).Item1) && putOk)
        {
            Published[id] = video;
        }
    }

    private async Task PlayRemoteOnceAsync()
    {
        if (Remote is { } remote)
        {
            await PlayAsync(RemotePlayback, remote.Id, remote.Bytes);
        }
    }

    private async Task PlayStoredOnceAsync()
    {
        var stored = Published.Keys.ToArray();
        if (stored.Length > 0)
        {
            var id = stored[Random.Shared.Next(stored.Length)];
            await PlayAsync(Playback, id, Published[id]);
        }
    }

    /// <summary>The catalogue's entry, then its URL, byte for byte.</summary>
    public Task<bool> PlayAsync(string operation, string id, byte[] expected) => TimeAsync(operation, async () =>
    {
        var (found, body) = await api.MetadataAsync(id);
        if (!found.Ok)
        {
            return found with { Detail = "metadata " + found.Detail };
        }
        var (fetched, bytes) = await api.DownloadAsync(body!.Value.GetProperty("URL").GetString()!);
        return !fetched.Ok || bytes.AsSpan().SequenceEqual(expected) ? fetched : Outcome.Failure("bytes differ");
    });

    private string? PickId()
    {
        var ids = Published.Keys.ToArray();
        return ids.Length > 0 ? ids[Random.Shared.Next(ids.Length)] : Remote?.Id;
    }

    private async Task<bool> TimeAsync(string operation, Func<Task<Outcome>> call)
    {
        var start = Now;
        var outcome = await call();
        _records.Enqueue(new OperationRecord(operation, start, Now, outcome.Ok, outcome.Detail));
        return outcome.Ok;
    }

    private static byte[] Bytes(int length, byte[] magic)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        magic.CopyTo(bytes, 0);
        return bytes;
    }
}
