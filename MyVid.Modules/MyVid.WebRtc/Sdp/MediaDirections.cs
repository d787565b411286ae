namespace MyVid.WebRtc.Sdp;

/// <summary>The a=sendrecv/sendonly/recvonly/inactive names and the offer/answer rules over them (RFC 3264 §6.1).</summary>
internal static class MediaDirections
{
    public static string Name(MediaDirection direction) => direction switch
    {
        MediaDirection.SendRecv => "sendrecv",
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        _ => "inactive",
    };

    public static bool TryParse(string name, out MediaDirection direction)
    {
        switch (name)
        {
            case "sendrecv":
                direction = MediaDirection.SendRecv;
                return true;
            case "sendonly":
                direction = MediaDirection.SendOnly;
                return true;
            case "recvonly":
                direction = MediaDirection.RecvOnly;
                return true;
            case "inactive":
                direction = MediaDirection.Inactive;
                return true;
            default:
                direction = default;
                return false;
        }
    }

    internal static MediaDirection Reverse(MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => MediaDirection.RecvOnly,
        MediaDirection.RecvOnly => MediaDirection.SendOnly,
        _ => direction,
    };

    internal static MediaDirection Intersect(MediaDirection a, MediaDirection b)
    {
        var send = Sends(a) && Sends(b);
        var receive = Receives(a) && Receives(b);
        return (send, receive) switch
        {
            (true, true) => MediaDirection.SendRecv,
            (true, false) => MediaDirection.SendOnly,
            (false, true) => MediaDirection.RecvOnly,
            _ => MediaDirection.Inactive,
        };
    }

    private static bool Sends(MediaDirection d) => d is MediaDirection.SendRecv or MediaDirection.SendOnly;

    private static bool Receives(MediaDirection d) => d is MediaDirection.SendRecv or MediaDirection.RecvOnly;
}
