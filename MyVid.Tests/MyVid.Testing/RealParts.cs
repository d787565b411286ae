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
    public static string Chromium => Program("MYVID_TEST_CHROMIUM", "/usr/bin/chromium", "Chromium");

    /// <summary>
    /// Debian's Firefox ESR for the interop tests, driven over WebDriver BiDi: <c>MYVID_TEST_FIREFOX</c>, else
    /// <c>/usr/bin/firefox-esr</c>.
    /// </summary>
    public static string Firefox => Program("MYVID_TEST_FIREFOX", "/usr/bin/firefox-esr", "Firefox ESR");

    /// <summary>Node.js (20 or later) for the interop tests' npm clients (puppeteer-core, werift).</summary>
    public static string NodeJs => Program("MYVID_TEST_NODE", "/usr/bin/node", "Node.js");

    /// <summary>
    /// An npm package installed by <c>npm ci</c> in <paramref name="folder"/> (scripts/install-real-parts.sh does it
    /// for the interop tests' clients): the folder, once <c>node_modules/</c> has the package.
    /// </summary>
    public static string NpmPackage(string folder, string package)
    {
        if (!File.Exists(Path.Combine(folder, "node_modules", package, "package.json")))
        {
            Missing($"The npm package {package} is not installed in {folder}. Run scripts/install-real-parts.sh (npm ci).");
        }
        return folder;
    }

    /// <summary>
    /// GStreamer 1.22's webrtcbin with its Python bindings (Debian's <c>/usr/bin/python3</c>, python3-gst-1.0,
    /// gstreamer1.0-plugins-bad/-good/-nice, libnice's gir1.2-nice-0.1): the python the WHIP script runs with.
    /// </summary>
    public static string GStreamerPython
    {
        get
        {
            var libraries = Directory.Exists("/usr/lib") ? Directory.GetDirectories("/usr/lib", "*-linux-gnu") : [];
            string[] needed = ["gstreamer-1.0/libgstwebrtc.so", "gstreamer-1.0/libgstnice.so", "gstreamer-1.0/libgstvpx.so",
                "girepository-1.0/GstWebRTC-1.0.typelib", "girepository-1.0/Nice-0.1.typelib"];
            foreach (var file in needed)
            {
                if (!libraries.Any(l => File.Exists(Path.Combine(l, file))))
                {
                    Missing($"GStreamer's webrtcbin is not available: no /usr/lib/*-linux-gnu/{file}. Run scripts/install-real-parts.sh.");
                }
            }
            Installed("GStreamer's Python bindings", "/usr/bin/python3", "/usr/lib/python3/dist-packages/gi/overrides/Gst.py");
            return "/usr/bin/python3";
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

    private static string Program(string variable, string standard, string what)
    {
        var path = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } set ? set : standard;
        if (!File.Exists(path))
        {
            Missing($"{what} is not available: {path} does not exist. Run scripts/install-real-parts.sh.");
        }
        return path;
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
