namespace MyVid.WebRtc.Rtp;

/// <summary>
/// The VP8 payload descriptor (RFC 7741 §4.2) and, on the first packet of a frame, what the VP8 payload
/// header and key frame header (RFC 6386 §9.1) say about the frame.
/// </summary>
public readonly record struct Vp8PayloadDescriptor
{
    /// <summary>Picture ID, TL0PICIDX, TID and KEYIDX are -1 when absent.</summary>
    public const int Absent = -1;

    public bool IsNonReference { get; init; }

    /// <summary>S: this packet starts a VP8 partition.</summary>
    public bool IsPartitionStart { get; init; }

    public int PartitionIndex { get; init; }

    /// <summary>7- or 15-bit picture ID.</summary>
    public int PictureId { get; init; }

    /// <summary>Whether the picture ID takes 15 bits (M set).</summary>
    public bool HasLongPictureId { get; init; }

    public int Tl0PicIdx { get; init; }

    public int TemporalLayer { get; init; }

    /// <summary>Y: this frame depends only on temporal layer 0 base frames.</summary>
    public bool IsLayerSync { get; init; }

    public int KeyIndex { get; init; }

    /// <summary>Descriptor length: where the VP8 payload starts.</summary>
    public int Length { get; init; }

    /// <summary>Starts a frame (S=1, PID=0) whose payload header has P=0.</summary>
    public bool IsKeyframe { get; init; }

    /// <summary>Key frame width and height in pixels (the 14-bit fields); 0 when not a key frame start.</summary>
    public int Width { get; init; }

    public int Height { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        var first = payload[0];
        var offset = 1;
        int pictureId = Absent, tl0PicIdx = Absent, temporalLayer = Absent, keyIndex = Absent;
        bool longPictureId = false, layerSync = false;
        if ((first & 0x80) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            var flags = payload[offset++];
            if ((flags & 0x80) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                longPictureId = (payload[offset] & 0x80) != 0;
                if (longPictureId)
                {
                    if (offset + 1 >= payload.Length)
                    {
                        return false;
                    }

                    pictureId = ((payload[offset] & 0x7F) << 8) | payload[offset + 1];
                    offset += 2;
                }
                else
                {
                    pictureId = payload[offset++];
                }
            }

            if ((flags & 0x40) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                tl0PicIdx = payload[offset++];
            }

            if ((flags & 0x30) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                var tk = payload[offset++];
                temporalLayer = (flags & 0x20) != 0 ? tk >> 6 : Absent;
                layerSync = (flags & 0x20) != 0 && (tk & 0x20) != 0;
                keyIndex = (flags & 0x10) != 0 ? tk & 0x1F : Absent;
            }
        }

        var frameStart = (first & 0x10) != 0 && (first & 0x07) == 0;
        var vp8 = payload[offset..];

        // Frame tag: bit 0 of the first byte is 0 for a key frame; a key frame header follows the 3-byte
        // tag with the start code 9d 01 2a and little-endian 14-bit width and height (RFC 6386 §9.1).
        var keyframe = frameStart && !vp8.IsEmpty && (vp8[0] & 0x01) == 0;
        var sized = keyframe && vp8.Length >= 10 && vp8[3] == 0x9d && vp8[4] == 0x01 && vp8[5] == 0x2a;
        descriptor = new Vp8PayloadDescriptor
        {
            IsNonReference = (first & 0x20) != 0,
            IsPartitionStart = (first & 0x10) != 0,
            PartitionIndex = first & 0x07,
            PictureId = pictureId,
            HasLongPictureId = longPictureId,
            Tl0PicIdx = tl0PicIdx,
            TemporalLayer = temporalLayer,
            IsLayerSync = layerSync,
            KeyIndex = keyIndex,
            Length = offset,
            IsKeyframe = keyframe,
            Width = sized ? (vp8[6] | (vp8[7] << 8)) & 0x3FFF : 0,
            Height = sized ? (vp8[8] | (vp8[9] << 8)) & 0x3FFF : 0,
        };
        return true;
    }
}
