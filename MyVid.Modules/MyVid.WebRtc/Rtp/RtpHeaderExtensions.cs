namespace MyVid.WebRtc.Rtp;

/// <summary>
/// In-place work on the RFC 8285 header extensions of an RTP packet: finding an element to overwrite its
/// value and remapping local ids, which an SFU does per viewer since each negotiates its own ids.
/// </summary>
public static class RtpHeaderExtensions
{
    /// <summary>Finds the element with local <paramref name="id"/> and gives its data for writing.</summary>
    public static bool TryGetExtension(Span<byte> packet, byte id, out Span<byte> data)
    {
        data = default;
        if (!RtpHeader.TryParse(packet, out var header))
        {
            return false;
        }

        var block = GetExtensionBlock(packet, header, out var profile);

        foreach (var extension in new RtpExtensionEnumerator(profile, block))
        {
            if (extension.Id == id)
            {
                data = block.Slice(extension.DataOffset, extension.Data.Length);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Rewrites every element's id to <c>idMap[id]</c>; ids mapped to 0, or beyond the map, stay as they are.
    /// Fails, changing nothing, when a new id does not fit the block's form (1..14 one-byte, 1..255 two-byte).
    /// </summary>
    public static bool TryRemapIds(Span<byte> packet, ReadOnlySpan<byte> idMap)
    {
        if (!RtpHeader.TryParse(packet, out var header))
        {
            return false;
        }

        var block = GetExtensionBlock(packet, header, out var profile);
        var oneByte = profile == RtpExtensionEnumerator.OneByteProfile;
        foreach (var extension in new RtpExtensionEnumerator(profile, block))
        {
            var newId = extension.Id < idMap.Length ? idMap[extension.Id] : (byte)0;
            if (oneByte && newId > 14)
            {
                return false;
            }
        }

        foreach (var extension in new RtpExtensionEnumerator(profile, block))
        {
            var newId = extension.Id < idMap.Length ? idMap[extension.Id] : (byte)0;
            if (newId != 0)
            {
                block[extension.IdOffset] = oneByte
                    ? (byte)((newId << 4) | (block[extension.IdOffset] & 0x0F))
                    : newId;
            }
        }

        return true;
    }

    /// <summary>The RFC 8285 element area of the packet; empty without one.</summary>
    private static Span<byte> GetExtensionBlock(Span<byte> packet, RtpHeader header, out ushort profile)
    {
        profile = header.ExtensionProfile;
        return RtpExtensionEnumerator.IsOneOrTwoByteProfile(profile)
            ? packet[(header.HeaderLength - header.ExtensionData.Length)..header.HeaderLength]
            : [];
    }
}
