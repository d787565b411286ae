namespace MyVid.Upload.Tests;

internal static class Settings
{
    /// <summary>Fast heartbeats so a fresh node is chosen at once; 5 MiB parts (S3's least) so multipart tests stay small.</summary>
    public static Dictionary<string, string> Fast(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["Signalling:HeartbeatInterval"] = "00:00:00.200",
            ["Signalling:StaleAfter"] = "00:00:02",
            ["Upload:PartSize"] = (5 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Upload:MultipartThreshold"] = (5 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }
}
