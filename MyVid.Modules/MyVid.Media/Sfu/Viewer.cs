using MyVid.Media.Transport;

namespace MyVid.Media.Sfu;

/// <summary>One viewer of a stream: its peer, per track how to rewrite for it, and what was sent to it. Loop thread only.</summary>
internal sealed class Viewer(LivePeer peer, LiveStream stream, DateTimeOffset joinedAt)
{
    // This many sends the socket refused in a row, and the viewer is dropped rather than slowing the loop.
    public const int MaxConsecutiveSendFailures = 500;

    public LivePeer Peer { get; } = peer;

    public LiveStream Stream { get; } = stream;

    public DateTimeOffset JoinedAt { get; } = joinedAt;

    /// <summary>Per stream track index, the rewrite this viewer negotiated; null where it took no such section.</summary>
    public TrackRewrite?[] Rewrites { get; set; } = [];

    public bool Negotiated { get; set; }

    public bool Connected { get; set; }

    /// <summary>No video is sent before a keyframe starts: the viewer could not decode it.</summary>
    public bool WaitingForKeyframe { get; set; } = true;

    public DateTimeOffset? FirstKeyframeAt { get; set; }

    /// <summary>Per track, the next cached packet its keyframe replay sends; null when it gets live packets.</summary>
    public ushort?[] ReplayNext { get; set; } = [];

    /// <summary>Per track, the first sequence number of the cached keyframe last sent again for this viewer's request.</summary>
    public ushort?[] KeyframeResent { get; set; } = [];

    /// <summary>Per track: packets and payload octets sent, for the SRs we write.</summary>
    public uint[] PacketsSent { get; set; } = [];

    public uint[] OctetsSent { get; set; } = [];

    public ushort RtxSequence { get; set; } = (ushort)Random.Shared.Next(0, 0x8000);

    public int Retransmitted { get; set; }

    public int ConsecutiveSendFailures { get; set; }

    public int Skipped { get; set; }

    /// <summary>The loss fraction (0..255) the viewer's last receiver report gave for video.</summary>
    public byte FractionLost { get; set; }

    /// <summary>The viewer's last REMB, in bits per second.</summary>
    public ulong EstimatedBitrate { get; set; }
}
