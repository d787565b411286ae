namespace MyVid.Testing;

/// <summary>
/// The real servers the test script starts, found through its environment variables. Without them a test that
/// needs one is ignored on a developer's quick loop, and fails in CI, where <c>MYVID_REQUIRE_REAL_PARTS=1</c>.
/// </summary>
public static class RealParts
{
    public static bool Required => Environment.GetEnvironmentVariable("MYVID_REQUIRE_REAL_PARTS") == "1";

    /// <summary>A MariaDB server connection string without a database (the tests create their own).</summary>
    public static string MariaDb => Get("MYVID_TEST_MARIADB", "MariaDB");

    public static S3Settings S3 => new(
        Get("MYVID_TEST_S3_SERVICE_URL", "an S3 server (Ceph RGW)"),
        Get("MYVID_TEST_S3_ACCESS_KEY", "an S3 server (Ceph RGW)"),
        Get("MYVID_TEST_S3_SECRET_KEY", "an S3 server (Ceph RGW)"));

    /// <summary>coturn on loopback with time-limited credentials (<c>use-auth-secret</c>): its URL and static-auth-secret.</summary>
    public static TurnSettings Turn => new(
        Get("MYVID_TEST_TURN_URL", "a TURN server (coturn)"),
        Get("MYVID_TEST_TURN_SECRET", "a TURN server (coturn)"),
        Environment.GetEnvironmentVariable("MYVID_TEST_TURN_REALM") is { Length: > 0 } realm ? realm : "myvid.test");

    /// <summary>
    /// Debian's Chromium for the WebRTC browser tests: <c>MYVID_TEST_CHROMIUM</c>, else <c>/usr/bin/chromium</c>
    /// (scripts/install-real-parts.sh installs it; Playwright never downloads a browser here).
    /// </summary>
    public static string Chromium
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("MYVID_TEST_CHROMIUM") is { Length: > 0 } set ? set : "/usr/bin/chromium";
            if (!File.Exists(path))
            {
                Missing($"Chromium is not available: {path} does not exist. Run scripts/install-real-parts.sh.");
            }
            return path;
        }
    }

    /// <summary>Debian's HAProxy for the deployment tests (scripts/topology.sh): <c>/usr/sbin/haproxy</c>.</summary>
    public static string Haproxy
    {
        get
        {
            const string path = "/usr/sbin/haproxy";
            if (!File.Exists(path))
            {
                Missing($"HAProxy is not available: {path} does not exist. Run scripts/install-real-parts.sh.");
            }
            return path;
        }
    }

    /// <summary>ffmpeg, with ffprobe beside it, for the recording tests: <c>MYVID_TEST_FFMPEG</c>, else <c>/usr/bin/ffmpeg</c>.</summary>
    public static string Ffmpeg => Environment.GetEnvironmentVariable("MYVID_TEST_FFMPEG") is { Length: > 0 } set ? set
        : File.Exists("/usr/bin/ffmpeg") && File.Exists("/usr/bin/ffprobe") ? "/usr/bin/ffmpeg"
        : Get("MYVID_TEST_FFMPEG", "ffmpeg (scripts/install-real-parts.sh installs it)");

    /// <summary>
    /// Installed programs a test starts through the repository's scripts (e.g. mariadbd and libgalera_smm.so for
    /// scripts/galera.sh): ignored when one is missing on a developer's machine, a failure in CI.
    /// </summary>
    public static void Installed(string what, params string[] paths)
    {
        if (paths.FirstOrDefault(p => !File.Exists(p)) is { } missing)
        {
            Missing($"{what} is not available: {missing} does not exist. Run scripts/install-real-parts.sh.");
        }
    }

    private static string Get(string variable, string what)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }
        Missing($"{what} is not available: {variable} is not set. Run the tests through scripts/test.sh, which starts it.");
        return "";
    }

    private static void Missing(string message)
    {
        if (Required)
        {
            Assert.Fail(message);
        }
        Assert.Ignore(message);
    }
}

public sealed record S3Settings(string ServiceUrl, string AccessKey, string SecretKey);

public sealed record TurnSettings(string Url, string Secret, string Realm);
