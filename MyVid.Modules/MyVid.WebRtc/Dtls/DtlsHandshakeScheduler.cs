namespace MyVid.WebRtc.Dtls;

/// <summary>
/// Runs BouncyCastle's blocking DTLS handshakes on dedicated threads, at most <see cref="MaxConcurrent"/> at once,
/// queueing the rest first come first served, so a thousand viewers joining at once cost a bounded number of threads.
/// </summary>
/// <remarks>
/// Dedicated threads rather than the thread pool: a handshake blocks its thread across network round trips, and
/// dozens of blocked pool threads would starve the rest of the process while the pool slowly injects more.
/// A worker that finishes takes the next queued job; with none left it ends, so an idle scheduler holds no thread.
/// </remarks>
public sealed class DtlsHandshakeScheduler
{
    // Handshake stacks are shallow; the default 1.5 MiB reservation would be waste.
    private const int StackSize = 256 * 1024;

    private readonly Lock _sync = new();
    private readonly Queue<Action> _queued = new();
    private int _running;
    private int _peakRunning;

    /// <summary>Creates a scheduler running at most <paramref name="maxConcurrent"/> handshakes at once.</summary>
    public DtlsHandshakeScheduler(int maxConcurrent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        MaxConcurrent = maxConcurrent;
    }

    /// <summary>
    /// 16 per core. A warm handshake costs ~5 ms of CPU but holds its thread for a round trip or two (tens to hundreds
    /// of ms) plus the peer's own work, so a thread is busy well under 10 % of the time: ~16 in flight keep a core fed
    /// without running far ahead of it, and 16 × 256 KiB of stack per core is cheap. More in flight would only
    /// lengthen each handshake; fewer would leave cores idle while handshakes wait on the network.
    /// </summary>
    public static int DefaultMaxConcurrent { get; } = 16 * Environment.ProcessorCount;

    /// <summary>A process-wide scheduler with <see cref="DefaultMaxConcurrent"/>.</summary>
    public static DtlsHandshakeScheduler Shared { get; } = new(DefaultMaxConcurrent);

    /// <summary>The most handshakes run at once.</summary>
    public int MaxConcurrent { get; }

    /// <summary>Handshakes running now.</summary>
    public int Running
    {
        get
        {
            lock (_sync)
                return _running;
        }
    }

    /// <summary>Handshakes waiting for a thread.</summary>
    public int Queued
    {
        get
        {
            lock (_sync)
                return _queued.Count;
        }
    }

    /// <summary>The most handshakes that ever ran at once (a metric, and the proof the bound holds).</summary>
    public int PeakRunning
    {
        get
        {
            lock (_sync)
                return _peakRunning;
        }
    }

    /// <summary>Runs <paramref name="job"/> on a worker thread now or when one frees up. The job must not throw.</summary>
    internal void Schedule(Action job)
    {
        lock (_sync)
        {
            if (_running >= MaxConcurrent)
            {
                _queued.Enqueue(job);
                return;
            }
            _running++;
            _peakRunning = Math.Max(_peakRunning, _running);
        }
        var thread = new Thread(Work, StackSize) { IsBackground = true, Name = "DTLS handshake" };
        thread.Start(job);
    }

    private void Work(object? state)
    {
        var job = (Action)state!;
        while (true)
        {
            job();
            lock (_sync)
            {
                if (!_queued.TryDequeue(out Action? next))
                {
                    _running--;
                    return;
                }
                job = next;
            }
        }
    }
}
