namespace MyVid.WebRtc.Dtls;

/// <summary>
/// Runs BouncyCastle's blocking DTLS handshakes on dedicated threads, at most <see cref="MaxConcurrent"/> at once,
/// queueing the rest first come first served, so a thousand viewers joining at once cost a bounded number of threads.
/// </summary>
/// <remarks>
/// Dedicated threads rather than the thread pool: a handshake blocks its thread across network round trips, and
/// dozens of blocked pool threads would starve the rest of the process while the pool slowly injects more.
/// A worker that finishes takes the next queued job, or waits up to <see cref="IdleTimeout"/> for one before it
/// ends, so a join storm reuses its threads and an idle scheduler holds none. <see cref="Schedule"/> never starts a
/// thread itself: <c>Thread.Start</c> waits until the new thread runs, which on a loaded machine costs the caller
/// (a media loop forwarding to every viewer) milliseconds per join; a thread-pool item starts it instead.
/// </remarks>
public sealed class DtlsHandshakeScheduler
{
    // Handshake stacks are shallow; the default 1.5 MiB reservation would be waste.
    private const int StackSize = 256 * 1024;

    private readonly object _sync = new(); // a monitor: idle workers wait on it
    private readonly Queue<Action> _queued = new();
    private int _workers;
    private int _idle;
    private int _peakRunning;
    private long _threadsStarted;

    /// <summary>Creates a scheduler running at most <paramref name="maxConcurrent"/> handshakes at once.</summary>
    /// <param name="maxConcurrent">The most handshakes (threads) at once.</param>
    /// <param name="idleTimeout">How long a worker waits for the next job before it ends; 5 s if null.</param>
    public DtlsHandshakeScheduler(int maxConcurrent, TimeSpan? idleTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        MaxConcurrent = maxConcurrent;
        IdleTimeout = idleTimeout ?? TimeSpan.FromSeconds(5);
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

    /// <summary>How long an idle worker waits for a job before its thread ends.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>Handshakes running now.</summary>
    public int Running
    {
        get
        {
            lock (_sync)
                return _workers - _idle;
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

    /// <summary>Worker threads alive now, running or idle.</summary>
    public int Workers
    {
        get
        {
            lock (_sync)
                return _workers;
        }
    }

    /// <summary>Threads started since creation: with idle workers reused, far fewer than handshakes in a storm.</summary>
    public long ThreadsStarted
    {
        get
        {
            lock (_sync)
                return _threadsStarted;
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
            _queued.Enqueue(job);
            if (_queued.Count <= _idle)
            {
                Monitor.Pulse(_sync); // an idle worker takes it
                return;
            }

            if (_workers >= MaxConcurrent)
                return;
            _workers++;
            _threadsStarted++;
            _peakRunning = Math.Max(_peakRunning, _workers - _idle);
        }
        ThreadPool.UnsafeQueueUserWorkItem(static scheduler => scheduler.StartWorker(), this, preferLocal: false);
    }

    private void StartWorker() =>
        new Thread(Work, StackSize) { IsBackground = true, Name = "DTLS handshake" }.Start();

    private void Work()
    {
        while (true)
        {
            Action? job;
            lock (_sync)
            {
                while (!_queued.TryDequeue(out job))
                {
                    _idle++;
                    bool woken = Monitor.Wait(_sync, IdleTimeout);
                    _idle--;
                    if (!woken && _queued.Count == 0)
                    {
                        _workers--;
                        return;
                    }
                }
                _peakRunning = Math.Max(_peakRunning, _workers - _idle);
            }
            job();
        }
    }
}
