namespace MyVid.Media.Recording.Storage;

/// <summary>One part waiting on local disk for the upload; <see cref="RecordingSpool"/> decides whether it is still wanted.</summary>
internal sealed class SpooledPart(string path, int length, bool startsWithKeyframe, long endMs)
{
    public string Path => path;

    public int Length => length;

    public bool StartsWithKeyframe => startsWithKeyframe;

    /// <summary>Where the file's time stands at the part's end.</summary>
    public long EndMs => endMs;

    internal bool Uploading { get; set; }

    internal bool Dropped { get; set; }

    public FileStream OpenRead() => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
}

/// <summary>
/// The parts of a recording cut while its multipart upload cannot take them yet (the store did not answer the start),
/// one file each in a folder of the node's data folder, at most <c>maxBytes</c> together: so a stream whose recording
/// waits for the store holds nothing more in memory. Beyond the cap the oldest waiting parts are dropped, then every
/// part until one that starts with a keyframe, so the file resumes cleanly after the hole; it is then cut short.
/// Parts are added by the recorder's task and taken by the upload task, in order.
/// </summary>
internal sealed class RecordingSpool(string folder, long maxBytes) : IDisposable
{
    private readonly LinkedList<SpooledPart> _parts = [];
    private readonly Lock _lock = new();
    private long _bytes;
    private long _peakBytes;
    private long _sequence;
    private bool _hole;

    /// <summary>Parts were dropped: the file has a hole and is cut short.</summary>
    public bool Dropped { get; private set; }

    /// <summary>Parts on disk (waiting or being uploaded): new parts go behind them, keeping the file's order.</summary>
    public bool HasParts
    {
        get
        {
            lock (_lock)
            {
                return _parts.Count > 0;
            }
        }
    }

    public long Bytes => Interlocked.Read(ref _bytes);

    public long PeakBytes => Interlocked.Read(ref _peakBytes);

    /// <summary>Writes one part to disk; null when it is dropped (after a hole, until a part starts with a keyframe).</summary>
    public SpooledPart? Add(ReadOnlySpan<byte> bytes, bool startsWithKeyframe, long endMs)
    {
        lock (_lock)
        {
            var made = false;
            while (_bytes + bytes.Length > maxBytes && FirstWaiting() is { } oldest)
            {
                Drop(oldest);
                made = true;
            }
            if (made)
            {
                // Nothing but a keyframe may follow the hole: the decoder would have no reference.
                while (FirstWaiting() is { StartsWithKeyframe: false } next)
                {
                    Drop(next);
                }
                _hole = FirstWaiting() is null;
            }
            if ((_hole && !startsWithKeyframe) || _bytes + bytes.Length > maxBytes)
            {
                Dropped = true;
                _hole = true;
                return null;
            }
            _hole = false;
            Directory.CreateDirectory(folder);
            var part = new SpooledPart(System.IO.Path.Combine(folder, $"{_sequence++:D6}.part"), bytes.Length, startsWithKeyframe, endMs);
            using (var file = new FileStream(part.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                file.Write(bytes);
            }
            _parts.AddLast(part);
            _bytes += bytes.Length;
            _peakBytes = Math.Max(_peakBytes, _bytes);
            return part;
        }
    }

    /// <summary>The upload task takes the part; false when it was dropped meanwhile.</summary>
    public bool TryTake(SpooledPart part)
    {
        lock (_lock)
        {
            part.Uploading = !part.Dropped;
            return part.Uploading;
        }
    }

    /// <summary>The part is stored: its file goes.</summary>
    public void Remove(SpooledPart part)
    {
        lock (_lock)
        {
            if (_parts.Remove(part))
            {
                _bytes -= part.Length;
                File.Delete(part.Path);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var part in _parts)
            {
                part.Dropped = true;
            }
            _parts.Clear();
            _bytes = 0;
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The oldest part not being uploaded (only the oldest part is ever being uploaded).</summary>
    private SpooledPart? FirstWaiting()
    {
        var node = _parts.First;
        if (node is { Value.Uploading: true })
        {
            node = node.Next;
        }
        return node?.Value;
    }

    private void Drop(SpooledPart part)
    {
        part.Dropped = true;
        Dropped = true;
        _parts.Remove(part);
        _bytes -= part.Length;
        File.Delete(part.Path);
    }
}
