using System.Runtime.InteropServices;

namespace MyVid.LoadClient;

/// <summary>epoll and eventfd (Linux x86-64): one thread watches many viewer sockets without .NET's async machinery.</summary>
internal static partial class Native
{
    public const uint EpollIn = 0x001;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    private const int EfdNonBlock = 0x800;
    private const int EpollCloExec = 0x80000;

    /// <summary>struct epoll_event, packed on x86-64 (12 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 12)]
    public struct EpollEvent
    {
        [FieldOffset(0)]
        public uint Events;

        [FieldOffset(4)]
        public ulong Data;
    }

    public static int CreateEpoll() => Check(epoll_create1(EpollCloExec));

    public static int CreateEventFd() => Check(eventfd(0, EfdNonBlock));

    public static void Add(int epoll, int fd, ulong data)
    {
        var e = new EpollEvent { Events = EpollIn, Data = data };
        Check(epoll_ctl(epoll, EpollCtlAdd, fd, ref e));
    }

    public static void Remove(int epoll, int fd)
    {
        var e = default(EpollEvent);
        _ = epoll_ctl(epoll, EpollCtlDel, fd, ref e);
    }

    public static unsafe int Wait(int epoll, Span<EpollEvent> events, int timeoutMs)
    {
        fixed (EpollEvent* p = events)
        {
            var n = epoll_wait(epoll, p, events.Length, timeoutMs);
            return n < 0 ? 0 : n; // EINTR
        }
    }

    public static unsafe void Signal(int eventFd)
    {
        ulong one = 1;
        _ = write(eventFd, &one, 8);
    }

    public static unsafe void Drain(int eventFd)
    {
        ulong value;
        _ = read(eventFd, &value, 8);
    }

    private static int Check(int result) =>
        result >= 0 ? result : throw new InvalidOperationException($"system call failed: errno {Marshal.GetLastPInvokeError()}");

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, ref EpollEvent ev);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int epoll_wait(int epfd, EpollEvent* events, int maxEvents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint write(int fd, void* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint read(int fd, void* buffer, nint count);
}
