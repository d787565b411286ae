using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MyVid.Media.Transport;

/// <summary>
/// Datagrams for one non-blocking UDP socket, queued and sent together with Linux <c>sendmmsg(2)</c>: one system
/// call for up to <see cref="Capacity"/> datagrams instead of one <c>sendto</c> each (.NET has no API for it). Each
/// datagram is copied into a native slot with its destination, so the caller may reuse its buffer at once (the
/// SFU protects every viewer's copy in one scratch buffer). Elsewhere, or if the call is missing, the same queue is
/// sent one <c>SendTo</c> at a time. No allocation, no lock: one thread (the loop's) owns it.
/// </summary>
internal sealed unsafe partial class UdpSendBatch : IDisposable
{
    /// <summary>Datagrams per system call: 64 × 1.2 KB stays well inside a 4 MiB socket buffer per flush.</summary>
    public const int Capacity = 64;

    private const int SlotBytes = MediaLoop.BufferSize;
    private const int AddressBytes = 128; // sizeof(struct sockaddr_storage)
    private const int EAGAIN = 11;
    private const int EINTR = 4;

    private readonly Socket _socket;
    private readonly byte* _data;
    private readonly byte* _addresses;
    private readonly IoVec* _vectors;
    private readonly MMsgHdr* _headers;
    private readonly SocketAddress[] _fallbackAddresses = new SocketAddress[Capacity];
    private bool _native;
    private bool _disposed;

    public UdpSendBatch(Socket socket, bool preferNative = true)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _native = preferNative && OperatingSystem.IsLinux();
        _data = (byte*)NativeMemory.Alloc((nuint)(Capacity * SlotBytes));
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(Capacity * AddressBytes));
        _vectors = (IoVec*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(IoVec)));
        _headers = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(MMsgHdr)));
        for (var i = 0; i < Capacity; i++)
        {
            _vectors[i].Base = _data + (i * SlotBytes);
            _headers[i].Header.Name = _addresses + (i * AddressBytes);
            _headers[i].Header.Iov = &_vectors[i];
            _headers[i].Header.IovLength = 1;
        }
    }

    /// <summary>Datagrams queued and not yet sent.</summary>
    public int Count { get; private set; }

    /// <summary>True while flushes use <c>sendmmsg</c>; false on the portable path.</summary>
    public bool UsesSendmmsg => _native;

    /// <summary>System calls made (sendmmsg or sendto): with batching, far fewer than datagrams.</summary>
    public long SystemCalls { get; private set; }

    /// <summary>
    /// Queues <paramref name="datagram"/> for <paramref name="destination"/>; when the queue is full it is flushed
    /// first. Returns the datagrams that flush could not send (the socket's buffer was full), usually 0.
    /// </summary>
    public int Add(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (datagram.Length > SlotBytes || destination.Size > AddressBytes)
        {
            throw new ArgumentException("datagram or address too large for a batch slot", nameof(datagram));
        }

        var failed = Count == Capacity ? Flush() : 0;
        var i = Count++;
        datagram.CopyTo(new Span<byte>(_data + (i * SlotBytes), SlotBytes));
        _vectors[i].Length = (nuint)datagram.Length;
        if (_native)
        {
            // SocketAddress holds the platform's own sockaddr layout, which is what the kernel reads.
            destination.Buffer.Span[..destination.Size].CopyTo(new Span<byte>(_addresses + (i * AddressBytes), AddressBytes));
            _headers[i].Header.NameLength = (uint)destination.Size;
        }
        else
        {
            _fallbackAddresses[i] = destination;
        }

        return failed;
    }

    /// <summary>Sends everything queued. Returns how many datagrams the socket refused (its buffer full); they are dropped.</summary>
    public int Flush()
    {
        var failed = 0;
        if (_native)
        {
            failed = FlushNative(out var unsupported);
            if (!unsupported)
            {
                Count = 0;
                return failed;
            }

            // No sendmmsg after all (seccomp, an old kernel): the slots hold no SocketAddress yet, so rebuild them.
            _native = false;
            for (var i = 0; i < Count; i++)
            {
                _fallbackAddresses[i] = ToSocketAddress(new ReadOnlySpan<byte>(_addresses + (i * AddressBytes), (int)_headers[i].Header.NameLength));
            }
        }

        for (var i = 0; i < Count; i++)
        {
            SystemCalls++;
            var datagram = new ReadOnlySpan<byte>(_data + (i * SlotBytes), (int)_vectors[i].Length);
            try
            {
                _socket.SendTo(datagram, SocketFlags.None, _fallbackAddresses[i]);
            }
            catch (SocketException)
            {
                failed++;
            }

            _fallbackAddresses[i] = null!;
        }

        Count = 0;
        return failed;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMemory.Free(_data);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_headers);
    }

    private int FlushNative(out bool unsupported)
    {
        unsupported = false;
        var failed = 0;
        var sent = 0;
        var fd = (int)_socket.SafeHandle.DangerousGetHandle();
        while (sent < Count)
        {
            int result;
            try
            {
                SystemCalls++;
                result = SendMmsg(fd, _headers + sent, (uint)(Count - sent), 0);
            }
            catch (EntryPointNotFoundException)
            {
                unsupported = true;
                return 0;
            }

            if (result > 0)
            {
                sent += result;
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR)
            {
                continue;
            }

            if (result < 0 && errno == 38 /* ENOSYS */)
            {
                unsupported = true;
                return 0;
            }

            // EAGAIN (buffer full) drops the rest, as a refused sendto would; any other error skips the one datagram
            // the kernel stopped at (ICMP-made ECONNREFUSED, an unreachable address) and goes on with the others.
            if (errno == EAGAIN)
            {
                failed += Count - sent;
                break;
            }

            failed++;
            sent++;
        }

        return failed;
    }

    private SocketAddress ToSocketAddress(ReadOnlySpan<byte> native)
    {
        var address = new SocketAddress(_socket.AddressFamily, native.Length);
        native.CopyTo(address.Buffer.Span);
        return address;
    }

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMmsg(int socket, MMsgHdr* messages, uint count, int flags);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public byte* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }
}
