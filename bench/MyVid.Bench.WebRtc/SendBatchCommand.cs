using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MyVid.Media.Transport;

namespace MyVid.Bench.WebRtc;

/// <summary>
/// `sendmmsg [--seconds S]`: the media node's send lever alone. 1,200-byte datagrams to 8 loopback receivers (drained
/// by their own threads), one <c>sendto</c> each against <see cref="UdpSendBatch"/>'s <c>sendmmsg</c> per 64, in
/// alternating rounds; reports the sending thread's CPU per datagram (/proc/thread-self/stat: the system calls and,
/// on loopback, the kernel's delivery to the receiver, which is charged to the sender as it is in the node).
/// </summary>
internal static class SendBatchCommand
{
    private const int Receivers = 8;

    public static void Run(double seconds)
    {
        using var stop = new CancellationTokenSource();
        var receivers = Enumerable.Range(0, Receivers).Select(_ => Receiver()).ToArray();
        var drains = receivers.Select(r => new Thread(() => Drain(r, stop.Token)) { IsBackground = true }).ToArray();
        foreach (var drain in drains)
        {
            drain.Start();
        }

        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false, SendBufferSize = 4 << 20 };
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var destinations = receivers.Select(r => r.LocalEndPoint!.Serialize()).ToArray();
        var datagram = new byte[1200];
        Console.WriteLine($"{"round",-28} {"cpu ns/datagram",16} {"datagrams",12} {"syscalls",10} {"refused",8}");
        for (var round = 0; round < 3; round++)
        {
            foreach (var batched in new[] { false, true })
            {
                using var batch = new UdpSendBatch(sender, preferNative: batched);
                Measure(batched ? "sendmmsg (UdpSendBatch)" : "sendto each", seconds, batch, datagram, destinations);
            }
        }

        stop.Cancel();
        foreach (var receiver in receivers)
        {
            receiver.Dispose();
        }
    }

    private static void Measure(string name, double seconds, UdpSendBatch batch, byte[] datagram, SocketAddress[] destinations)
    {
        var cpu = ThreadCpuTicks();
        var wall = Stopwatch.StartNew();
        long sent = 0, refused = 0;
        while (wall.Elapsed.TotalSeconds < seconds)
        {
            // A burst as the node makes one: one packet to every viewer, then a pause for the receivers.
            for (var i = 0; i < 64; i++)
            {
                refused += batch.Add(datagram, destinations[i % destinations.Length]);
            }

            refused += batch.Flush();
            sent += 64;
            Thread.SpinWait(20);
        }

        var ns = (ThreadCpuTicks() - cpu) * 1e9 / 100 / sent; // USER_HZ = 100
        Console.WriteLine($"{name,-28} {ns,16:F0} {sent,12:N0} {batch.SystemCalls,10:N0} {refused,8:N0}");
    }

    /// <summary>utime + stime of the calling thread, in USER_HZ ticks.</summary>
    private static long ThreadCpuTicks()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Socket Receiver()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 8 << 20 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static void Drain(Socket socket, CancellationToken stop)
    {
        var buffer = new byte[2048];
        while (!stop.IsCancellationRequested)
        {
            try
            {
                socket.Receive(buffer);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
