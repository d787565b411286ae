namespace MyVid.Testing;

/// <summary>Which real parts a test node runs on: the embedded default, or production's MariaDB and S3.</summary>
public enum Backend
{
    /// <summary>SQLite and the local-disk object store.</summary>
    Embedded,

    /// <summary>A real MariaDB server and a real S3 server (Ceph RGW).</summary>
    Production,
}
