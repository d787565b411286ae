namespace MyVid.Media.Recording.WebM;

/// <summary>What a piece of the file handed to an <see cref="IWebmOutput"/> is.</summary>
internal enum WebmChunk
{
    /// <summary>EBML header, Segment start, SeekHead, Info and Tracks: always first, patched at the end.</summary>
    Header,

    /// <summary>One whole Cluster: the file may be cut after it and stay playable.</summary>
    Cluster,

    /// <summary>A whole Cluster that starts with a video keyframe (a cue point; any cluster without video): a file may resume at it.</summary>
    KeyframeCluster,

    /// <summary>The Cues at the end.</summary>
    Cues,
}

/// <summary>Where <see cref="WebmMuxer"/> writes: the file is appended in order and only its header is patched afterwards.</summary>
internal interface IWebmOutput
{
    /// <param name="endTimeMs">For a cluster, the time its last block ends (ms from the file's start).</param>
    void Append(ReadOnlySpan<byte> bytes, WebmChunk kind, long endTimeMs);

    /// <summary>Overwrites bytes of the header appended before (Segment size, Duration, the Cues' seek entry); never moves anything.</summary>
    void Patch(long offset, ReadOnlySpan<byte> bytes);
}
