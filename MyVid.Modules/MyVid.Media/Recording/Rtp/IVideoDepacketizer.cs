namespace MyVid.Media.Recording.Rtp;

/// <summary>Assembles one codec's frames from RTP packets given in sequence order (after <see cref="RtpReorderBuffer"/>).</summary>
internal interface IVideoDepacketizer
{
    /// <summary>True until the first keyframe and after any loss that broke the chain of references: send a PLI.</summary>
    bool WaitingForKeyframe { get; }

    /// <summary>How often the chain broke (each is one reason to ask for a keyframe).</summary>
    long ChainBreaks { get; }

    long FramesDropped { get; }

    /// <summary>Feeds the next packet in order; <paramref name="gapBefore"/> when packets were lost before it.</summary>
    bool Push(ReadOnlySpan<byte> packet, bool gapBefore, out VideoFrame frame);
}
