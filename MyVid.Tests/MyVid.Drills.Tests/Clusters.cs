using MyVid.Testing;
using MyVid.Drills;

namespace MyVid.Drills.Tests;

/// <summary>
/// The clusters the drills run on, started with the repository's scripts in a folder of their own under /tmp, on
/// ports clear of the suite's other real parts (MariaDB 13306, Ceph 17480 and 17789-17999): Galera on 127.0.0.1-3
/// port 13406 (replication 13567-13568, state transfer 13444), Ceph with S3 on 19480 (offset 2000, or <see cref="CephPortOffset"/>).
/// </summary>
internal static class Clusters
{
    /// <summary>Ceph's port offset: 2000, or MYVID_DRILLS_CEPH_PORT_OFFSET when another cluster holds those ports.</summary>
    public static string CephPortOffset { get; } = Environment.GetEnvironmentVariable("MYVID_DRILLS_CEPH_PORT_OFFSET") is { Length: > 0 } offset ? offset : "2000";

    public static async Task<string> StartGaleraAsync(string dir)
    {
        RealParts.Installed("Galera (MariaDB with galera-4)", "/usr/sbin/mariadbd", "/usr/lib/galera/libgalera_smm.so", "/usr/bin/rsync");
        await Shell.RunAsync(Shell.Script("galera.sh"), ["start", dir], TimeSpan.FromMinutes(4));
        var env = await Shell.RunAsync(Shell.Script("galera.sh"), ["env", dir], TimeSpan.FromSeconds(30));
        return Value(env, "MYVID_TEST_GALERA");
    }

    public static Task StopGaleraAsync(string dir) => Shell.RunAsync(Shell.Script("galera.sh"), ["stop", dir], TimeSpan.FromMinutes(4));

    public static async Task<S3Settings> StartCephAsync(string dir)
    {
        RealParts.Installed("Ceph with RADOS Gateway", "/usr/bin/ceph-osd", "/usr/bin/ceph-mon", "/usr/bin/radosgw", "/usr/bin/ceph-mgr");
        Environment.SetEnvironmentVariable("MYVID_CEPH_PORT_OFFSET", CephPortOffset);
        await Shell.RunAsync(Shell.Script("ceph.sh"), ["start", dir, "--osds", "6"], TimeSpan.FromMinutes(5));
        var env = await Shell.RunAsync(Shell.Script("ceph.sh"), ["env", dir], TimeSpan.FromSeconds(30));
        return new S3Settings(Value(env, "MYVID_TEST_S3_SERVICE_URL"), Value(env, "MYVID_TEST_S3_ACCESS_KEY"), Value(env, "MYVID_TEST_S3_SECRET_KEY"));
    }

    public static Task StopCephAsync(string dir) => Shell.RunAsync(Shell.Script("ceph.sh"), ["stop", dir], TimeSpan.FromMinutes(3));

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Value(string env, string name) =>
        env.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..].Trim('\'');
}
