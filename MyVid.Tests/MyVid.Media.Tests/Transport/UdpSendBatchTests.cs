using System.Net;
using System.Net.Sockets;
using MyVid.Media.Transport;

namespace MyVid.Media.Tests.Transport;

/// <summary>The sendmmsg batch on loopback: every datagram arrives intact at its own destination, in few system calls.</summary>
public sealed class UdpSendBatchTests
{
    [TestCase(true, "127.0.0.1")]
    [TestCase(false, "127.0.0.1")]
    [TestCase(true, "::1")]
    public void Datagrams_arrive_intact_at_their_destinations(bool preferNative, string address)
    {
        var ip = IPAddress.Parse(address);
        using var sender = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { Blocking = false, SendBufferSize = 1 << 20 };
        sender.Bind(new IPEndPoint(ip, 0));
        using var first = Receiver(ip);
        using var second = Receiver(ip);
        var destinations = new[] { first.LocalEndPoint!.Serialize(), second.LocalEndPoint!.Serialize() };
        using var batch = new UdpSendBatch(sender, preferNative);
        const int count = 150; // more than two batches: the full batch flushes itself
        var failed = 0;
        for (var i = 0; i < count; i++)
        {
            failed += batch.Add(Datagram(i), destinations[i % 2]);
        }

        failed += batch.Flush();
        var received = new List<byte[]>[] { Drain(first, count / 2), Drain(second, count / 2) };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failed, Is.Zero);
            Assert.That(batch.Count, Is.Zero);
            Assert.That(received[0], Is.EqualTo(Enumerable.Range(0, count).Where(i => i % 2 == 0).Select(Datagram)));
            Assert.That(received[1], Is.EqualTo(Enumerable.Range(0, count).Where(i => i % 2 == 1).Select(Datagram)));
            if (preferNative && OperatingSystem.IsLinux())
            {
                Assert.That(batch.UsesSendmmsg, Is.True);
                Assert.That(batch.SystemCalls, Is.EqualTo((count + UdpSendBatch.Capacity - 1) / UdpSendBatch.Capacity), "one sendmmsg per full batch");
            }
            else
            {
                Assert.That(batch.SystemCalls, Is.EqualTo(count), "one sendto each");
            }
        }
    }

    [Test]
    public void Adding_and_flushing_allocates_nothing()
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false, SendBufferSize = 1 << 20 };
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var receiver = Receiver(IPAddress.Loopback);
        var destination = receiver.LocalEndPoint!.Serialize();
        using var batch = new UdpSendBatch(sender);
        var datagram = Datagram(1);
        for (var i = 0; i < 200; i++)
        {
            batch.Add(datagram, destination); // warm up (tiering, the P/Invoke stub)
        }

        batch.Flush();
        Drain(receiver, 200);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 128; i++)
        {
            batch.Add(datagram, destination);
        }

        batch.Flush();
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static byte[] Datagram(int i)
    {
        var data = new byte[100 + (i * 7 % 1100)];
        data.AsSpan().Fill((byte)i);
        data[0] = (byte)(i >> 8);
        return data;
    }

    private static Socket Receiver(IPAddress ip)
    {
        var socket = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20, ReceiveTimeout = 5000 };
        socket.Bind(new IPEndPoint(ip, 0));
        return socket;
    }

    private static List<byte[]> Drain(Socket socket, int count)
    {
        var received = new List<byte[]>();
        var buffer = new byte[2048];
        for (var i = 0; i < count; i++)
        {
            var length = socket.Receive(buffer);
            received.Add(buffer[..length]);
        }

        return received;
    }
}
