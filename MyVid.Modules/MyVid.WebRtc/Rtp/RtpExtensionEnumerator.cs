namespace MyVid.WebRtc.Rtp;

/// <summary>One header extension element: its local id and data, and where both sit in the extension data.</summary>
public readonly ref struct RtpExtension
{
    internal RtpExtension(byte id, int idOffset, ReadOnlySpan<byte> data, int dataOffset)
    {
        Id = id;
        IdOffset = idOffset;
        Data = data;
        DataOffset = dataOffset;
    }

    public byte Id { get; }

    /// <summary>Offset of the id byte within <see cref="RtpHeader.ExtensionData"/>.</summary>
    public int IdOffset { get; }

    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Offset of <see cref="Data"/> within <see cref="RtpHeader.ExtensionData"/>.</summary>
    public int DataOffset { get; }
}

/// <summary>
/// Walks RFC 8285 one-byte (0xBEDE) or two-byte (0x100X) header extension elements, skipping padding.
/// Stops at the first element that overruns the block, and at id 15 in the one-byte form (§4.2).
/// Other profiles yield nothing.
/// </summary>
public ref struct RtpExtensionEnumerator
{
    public const ushort OneByteProfile = 0xBEDE;
    public const ushort TwoByteProfile = 0x1000;

    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _oneByte;
    private int _offset;

    internal RtpExtensionEnumerator(ushort profile, ReadOnlySpan<byte> data)
    {
        _oneByte = profile == OneByteProfile;
        var twoByte = (profile & 0xFFF0) == TwoByteProfile;
        _data = _oneByte || twoByte ? data : [];
        Current = default;
    }

    public RtpExtension Current { get; private set; }

    public static bool IsOneOrTwoByteProfile(ushort profile) =>
        profile == OneByteProfile || (profile & 0xFFF0) == TwoByteProfile;

    public readonly RtpExtensionEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_offset < _data.Length)
        {
            var idOffset = _offset;
            var first = _data[idOffset];
            if (first == 0)
            {
                _offset++;
                continue;
            }

            int id, length, dataOffset;
            if (_oneByte)
            {
                id = first >> 4;
                if (id == 15)
                {
                    break;
                }

                length = (first & 0x0F) + 1;
                dataOffset = idOffset + 1;
            }
            else
            {
                if (idOffset + 1 >= _data.Length)
                {
                    break;
                }

                id = first;
                length = _data[idOffset + 1];
                dataOffset = idOffset + 2;
            }

            if (dataOffset + length > _data.Length)
            {
                break;
            }

            _offset = dataOffset + length;
            Current = new RtpExtension((byte)id, idOffset, _data.Slice(dataOffset, length), dataOffset);
            return true;
        }

        _offset = _data.Length;
        return false;
    }
}
