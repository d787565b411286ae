namespace MyVid.Upload.Api;

/// <summary>
/// The body of <c>POST /NEWVIDEOUPLOAD</c> (Appendix B step 3). Names match case-insensitively: the appendix writes
/// <c>title</c> and <c>PreviewFilename</c> side by side. The sizes are additions: declaring the video's size lets a
/// large one be uploaded in resumable parts.
/// </summary>
public sealed class NewVideoUploadRequest
{
    public string? Title { get; set; }

    public string? Description { get; set; }

    /// <summary>Optional: without a preview a poster frame is taken from the video after publishing.</summary>
    public string? PreviewFilename { get; set; }

    public string? VideoFilename { get; set; }

    public long? VideoSize { get; set; }

    public long? PreviewSize { get; set; }
}
