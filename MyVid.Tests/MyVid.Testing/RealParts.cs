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

    /// <summary>Debian's Chromium for Playwright, which never downloads a browser here; MYVID_TEST_CHROMIUM overrides the path.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable("MYVID_TEST_CHROMIUM") is { Length: > 0 } path
        ? path
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : Get("MYVID_TEST_CHROMIUM", "Chromium (apt-get install chromium)");

    private static string Get(string variable, string what)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }
        var message = $"{what} is not available: {variable} is not set. Run the tests through scripts/test.sh, which starts it.";
        if (Required)
        {
            Assert.Fail(message);
        }
        Assert.Ignore(message);
        return "";
    }
}

public sealed record S3Settings(string ServiceUrl, string AccessKey, string SecretKey);
