namespace MyVid.WebRtc.Stun;

/// <summary>The class bits C1 C0 of a STUN message type (RFC 8489 §5).</summary>
public enum StunClass
{
    Request = 0,
    Indication = 1,
    SuccessResponse = 2,
    ErrorResponse = 3,
}

/// <summary>STUN methods used here (RFC 8489 §18.2); other 12-bit values parse as unnamed members.</summary>
public enum StunMethod
{
    Binding = 0x001,
}

/// <summary>Packs and unpacks the interleaved method and class bits of the 14-bit message type (RFC 8489 §5).</summary>
internal static class StunMessageType
{
    public static ushort Encode(StunClass cls, StunMethod method)
    {
        int m = (int)method;
        int c = (int)cls;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
    }

    public static StunClass DecodeClass(ushort type) => (StunClass)(((type >> 4) & 1) | ((type >> 7) & 2));

    public static StunMethod DecodeMethod(ushort type) =>
        (StunMethod)((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));
}
