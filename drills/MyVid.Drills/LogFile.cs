namespace MyVid.Drills;

/// <summary>A log file that its process keeps writing, read as it is now.</summary>
internal static class LogFile
{
    public static List<string> Lines(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }
}
