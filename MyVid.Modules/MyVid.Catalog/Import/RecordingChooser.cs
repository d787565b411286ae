namespace MyVid.Catalog.Import;

/// <summary>
/// Picks the recording a browser plays best: video in MP4 (plays everywhere, Safari included) or WebM,
/// high quality, the taller the better up to 1080 lines; slide-only cuts last.
/// </summary>
internal static class RecordingChooser
{
    public static CccRecording? Best(CccEvent e) =>
        e.Recordings
            .Where(r => r.MimeType is "video/mp4" or "video/webm")
            .OrderByDescending(Score)
            .ThenByDescending(r => r.Height)
            .FirstOrDefault();

    private static int Score(CccRecording r)
    {
        var score = 0;
        if (r.Folder?.Contains("slides", StringComparison.OrdinalIgnoreCase) != true)
        {
            score += 8;
        }
        if (r.HighQuality && r.Height <= 1080)
        {
            score += 2;
        }
        if (r.MimeType == "video/mp4")
        {
            score += 1;
        }
        return score;
    }
}
