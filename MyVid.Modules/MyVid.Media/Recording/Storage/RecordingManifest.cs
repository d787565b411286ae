using System.Text.Json;
using System.Text.Json.Serialization;
using MyVid.Platform.Storage;

namespace MyVid.Media.Recording.Storage;

/// <summary>Where a recording's upload stands, as its manifest says.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecordingManifestState>))]
internal enum RecordingManifestState
{
    /// <summary>Live: parts are being uploaded. Found like this after a restart, the node died: recover it.</summary>
    Recording,

    /// <summary>Finished normally: the object is whole, with Cues and Duration.</summary>
    Completed,

    /// <summary>Completed by <see cref="RecordingRecovery"/> from the parts uploaded before a crash or a store failure: cut short.</summary>
    Recovered,
}

/// <summary>One uploaded part: <see cref="EndMs"/> is where the file's time stands at its end (it always ends with a whole cluster).</summary>
internal sealed record RecordingPart(int Number, long Size, string ETag, long EndMs);

/// <summary>
/// The small JSON object kept next to a recording (<see cref="KeyFor"/>), rewritten after every part: enough for
/// <see cref="RecordingRecovery"/> to turn the multipart upload of a recorder that died into a playable, shorter file.
/// </summary>
internal sealed record RecordingManifest
{
    public const string Suffix = ".recording.json";

    public int Version { get; init; } = 1;

    public ObjectBucket Bucket { get; init; } = ObjectBucket.Videos;

    /// <summary>The recording's object key (the .webm, or .mkv for H.264).</summary>
    public required string Key { get; init; }

    public required string UploadId { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public string? Title { get; init; }

    /// <summary>The catalogue ID the recording is handed to (the live stream's), so a recovered one finds its entry.</summary>
    public string? VideoId { get; init; }

    /// <summary>The media node that records it: at start a node recovers its own unfinished recordings only.</summary>
    public string? Node { get; init; }

    public RecordingManifestState State { get; init; }

    public IReadOnlyList<RecordingPart> Parts { get; init; } = [];

    /// <summary>The duration the uploaded parts hold (for a finished file, its Duration).</summary>
    public long DurationMs { get; init; }

    public long Length { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public static string KeyFor(string recordingKey) => recordingKey + Suffix;

    public async Task WriteAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);
        await store.PutAsync(Bucket, KeyFor(Key), new MemoryStream(bytes, writable: false), "application/json", cancellationToken);
    }

    /// <summary>The manifest of the recording at <paramref name="recordingKey"/>, or null when there is none.</summary>
    public static async Task<RecordingManifest?> ReadAsync(IObjectStore store, ObjectBucket bucket, string recordingKey,
        CancellationToken cancellationToken)
    {
        var key = KeyFor(recordingKey);
        if (await store.GetInfoAsync(bucket, key, cancellationToken) is not { } info)
        {
            return null;
        }
        var buffer = new byte[info.Length];
        var read = await store.ReadPrefixAsync(bucket, key, buffer, cancellationToken);
        return JsonSerializer.Deserialize<RecordingManifest>(buffer.AsSpan(0, read), JsonOptions);
    }

    public static Task DeleteAsync(IObjectStore store, ObjectBucket bucket, string recordingKey, CancellationToken cancellationToken) =>
        store.DeleteAsync(bucket, KeyFor(recordingKey), cancellationToken);

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };
}
