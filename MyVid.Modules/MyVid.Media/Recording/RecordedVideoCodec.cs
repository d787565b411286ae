namespace MyVid.Media.Recording;

/// <summary>The publisher's video codec, which decides the container: VP8 goes into WebM, H.264 into Matroska.</summary>
internal enum RecordedVideoCodec
{
    Vp8,
    H264,
}

/// <summary>The container each codec is stored in.</summary>
internal static class RecordedVideoCodecs
{
    /// <summary>The stored file's type: WebM for VP8, Matroska for H.264 (WebM does not allow it).</summary>
    public static string ContentType(this RecordedVideoCodec codec) => codec == RecordedVideoCodec.H264 ? "video/x-matroska" : "video/webm";

    /// <summary>The stored file's name extension, matching <see cref="ContentType"/>.</summary>
    public static string Extension(this RecordedVideoCodec codec) => codec == RecordedVideoCodec.H264 ? ".mkv" : ".webm";
}
