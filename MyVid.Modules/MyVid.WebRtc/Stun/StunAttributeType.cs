namespace MyVid.WebRtc.Stun;

/// <summary>
/// Attribute types this stack reads or writes (RFC 8489 §18.3, RFC 8445 §16.1).
/// Types below 0x8000 are comprehension-required: a receiver that does not know one must not process the message.
/// </summary>
public enum StunAttributeType : ushort
{
    Username = 0x0006,
    MessageIntegrity = 0x0008,
    ErrorCode = 0x0009,
    UnknownAttributes = 0x000A,
    XorMappedAddress = 0x0020,
    Priority = 0x0024,
    UseCandidate = 0x0025,
    Software = 0x8022,
    Fingerprint = 0x8028,
    IceControlled = 0x8029,
    IceControlling = 0x802A,
}

internal static class StunAttributeTypes
{
    public static bool IsComprehensionRequired(StunAttributeType type) => (ushort)type < 0x8000;

    /// <summary>The comprehension-required types this stack understands; any other one is reported by the parser.</summary>
    public static bool IsUnderstood(StunAttributeType type) => type is StunAttributeType.Username
        or StunAttributeType.MessageIntegrity or StunAttributeType.ErrorCode or StunAttributeType.UnknownAttributes
        or StunAttributeType.XorMappedAddress or StunAttributeType.Priority or StunAttributeType.UseCandidate;
}
