using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace MyVid.WebRtc.Stun;

/// <summary>
/// A read-only view of one STUN message in a datagram (RFC 8489 §5, §14). <see cref="TryParse"/> checks the header
/// and that every attribute lies inside the message; lookups then walk the attributes without allocating.
/// Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (§14.5); FINGERPRINT must be last (§14.7).
/// </summary>
public readonly ref struct StunMessage
{
    public const int HeaderLength = 20;
    public const uint MagicCookie = 0x2112A442;

    private const int NoOffset = -1;

    private readonly int _integrityOffset;
    private readonly int _fingerprintOffset;

    /// <summary>Offset where the attributes a receiver may use end: MESSAGE-INTEGRITY or FINGERPRINT, if present.</summary>
    private readonly int _usableEnd;

    private StunMessage(ReadOnlySpan<byte> buffer, int integrityOffset, int fingerprintOffset, int usableEnd,
        StunAttributeType? unknownRequired)
    {
        Buffer = buffer;
        _integrityOffset = integrityOffset;
        _fingerprintOffset = fingerprintOffset;
        _usableEnd = usableEnd;
        UnknownComprehensionRequired = unknownRequired;
    }

    /// <summary>The whole message, header included.</summary>
    public ReadOnlySpan<byte> Buffer { get; }

    public StunClass Class => StunMessageType.DecodeClass(BinaryPrimitives.ReadUInt16BigEndian(Buffer));

    public StunMethod Method => StunMessageType.DecodeMethod(BinaryPrimitives.ReadUInt16BigEndian(Buffer));

    public StunTransactionId TransactionId => StunTransactionId.Read(Buffer[8..]);

    /// <summary>The first comprehension-required attribute this stack does not understand (RFC 8489 §6.3), if any.</summary>
    public StunAttributeType? UnknownComprehensionRequired { get; }

    public bool HasMessageIntegrity => _integrityOffset != NoOffset;

    public bool HasFingerprint => _fingerprintOffset != NoOffset;

    public bool HasUseCandidate => TryGetAttribute(StunAttributeType.UseCandidate, out _);

    /// <summary>Cheap test for demultiplexing (RFC 7983 §7): first byte 0..3 and the magic cookie in place.</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength && datagram[0] < 4
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    /// <summary>Parses a datagram holding exactly one STUN message. False, never an exception, on malformed input.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessage message)
    {
        message = default;
        if (!LooksLikeStun(datagram))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((length & 3) != 0 || HeaderLength + length != datagram.Length)
        {
            return false;
        }

        int integrity = NoOffset, fingerprint = NoOffset, usableEnd = datagram.Length;
        StunAttributeType? unknownRequired = null;
        var attributes = new StunAttributeEnumerator(datagram);
        while (attributes.MoveNext())
        {
            var attribute = attributes.Current;
            if (fingerprint != NoOffset)
            {
                return false;
            }

            switch (attribute.Type)
            {
                case StunAttributeType.Fingerprint:
                    if (attribute.Value.Length != 4)
                    {
                        return false;
                    }

                    fingerprint = attribute.Offset;
                    usableEnd = Math.Min(usableEnd, attribute.Offset);
                    break;
                case StunAttributeType.MessageIntegrity when integrity == NoOffset:
                    if (attribute.Value.Length != StunIntegrityKey.MacLength)
                    {
                        return false;
                    }

                    integrity = attribute.Offset;
                    usableEnd = attribute.Offset;
                    break;
                default:
                    if (integrity == NoOffset && unknownRequired is null
                        && StunAttributeTypes.IsComprehensionRequired(attribute.Type)
                        && !StunAttributeTypes.IsUnderstood(attribute.Type))
                    {
                        unknownRequired = attribute.Type;
                    }

                    break;
            }
        }

        if (attributes.IsMalformed)
        {
            return false;
        }

        message = new StunMessage(datagram, integrity, fingerprint, usableEnd, unknownRequired);
        return true;
    }

    /// <summary>The attributes a receiver may use, in order (those before MESSAGE-INTEGRITY and FINGERPRINT).</summary>
    public StunAttributeEnumerator GetAttributes() => new(Buffer[.._usableEnd]);

    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        foreach (var attribute in GetAttributes())
        {
            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>USERNAME as raw UTF-8 bytes, so that comparing it allocates nothing.</summary>
    public bool TryGetUsername(out ReadOnlySpan<byte> utf8) => TryGetAttribute(StunAttributeType.Username, out utf8);

    public bool TryGetPriority(out uint priority) => TryGetUInt32(StunAttributeType.Priority, out priority);

    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    /// <summary>ERROR-CODE (RFC 8489 §14.8): code = class * 100 + number, reason as UTF-8.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out var value) || value.Length < 4)
        {
            return false;
        }

        code = ((value[2] & 0x07) * 100) + value[3];
        reason = value[4..];
        return true;
    }

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2). Allocates the endpoint: client-side, once per success response.</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(StunAttributeType.XorMappedAddress, out var value)
            && StunXorAddress.TryRead(value, Buffer[4..HeaderLength], out endPoint);
    }

    /// <summary>
    /// Checks MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to the attribute, with the header's
    /// length as if the message ended right after it. Constant-time comparison of the MAC.
    /// </summary>
    public bool CheckMessageIntegrity(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!HasMessageIntegrity)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        Buffer[..HeaderLength].CopyTo(header);
        int adjustedLength = _integrityOffset + 4 + StunIntegrityKey.MacLength - HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)adjustedLength);
        Span<byte> mac = stackalloc byte[StunIntegrityKey.MacLength];
        key.Compute(header, Buffer[HeaderLength.._integrityOffset], mac);
        return CryptographicOperations.FixedTimeEquals(mac, Buffer.Slice(_integrityOffset + 4, StunIntegrityKey.MacLength));
    }

    /// <summary>Checks FINGERPRINT (RFC 8489 §14.7): it is last, so the header's length already covers it.</summary>
    public bool CheckFingerprint() => HasFingerprint
        && StunFingerprint.Compute(Buffer[.._fingerprintOffset]) == BinaryPrimitives.ReadUInt32BigEndian(Buffer[(_fingerprintOffset + 4)..]);

    private bool TryGetUInt32(StunAttributeType type, out uint result)
    {
        bool found = TryGetAttribute(type, out var value) && value.Length == 4;
        result = found ? BinaryPrimitives.ReadUInt32BigEndian(value) : 0;
        return found;
    }

    private bool TryGetUInt64(StunAttributeType type, out ulong result)
    {
        bool found = TryGetAttribute(type, out var value) && value.Length == 8;
        result = found ? BinaryPrimitives.ReadUInt64BigEndian(value) : 0;
        return found;
    }
}
