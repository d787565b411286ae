using MyVid.WebRtc.Rtp;

namespace MyVid.Media.Recording.Rtp;

/// <summary>How long an Opus packet plays, from its TOC byte (RFC 6716 §3.1-3.2).</summary>
internal static class OpusPackets
{
    /// <summary>Samples at 48 kHz, or 0 when the packet is malformed.</summary>
    public static int Samples(ReadOnlySpan<byte> packet)
    {
        if (!OpusToc.TryParse(packet, out var toc))
        {
            return 0;
        }
        var configuration = toc.Configuration;
        int frameSamples;
        if (toc.IsSilk)
        {
            frameSamples = (configuration % 4) switch { 0 => 480, 1 => 960, 2 => 1920, _ => 2880 };
        }
        else if (toc.IsHybrid)
        {
            frameSamples = configuration % 2 == 0 ? 480 : 960;
        }
        else
        {
            frameSamples = (configuration % 4) switch { 0 => 120, 1 => 240, 2 => 480, _ => 960 };
        }
        var frames = toc.FrameCountCode switch
        {
            0 => 1,
            1 or 2 => 2,
            _ => packet.Length > 1 ? packet[1] & 0x3F : 0,
        };
        return frameSamples * frames;
    }
}
