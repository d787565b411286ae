namespace MyVid.Testing;

/// <summary>Points a node's settings at production's parts: a fresh MariaDB database and buckets of its own on the S3 server.</summary>
public static class ProductionParts
{
    /// <summary>Adds the settings and returns the database, which the caller drops when done.</summary>
    public static async Task<TestDatabase> AddToAsync(IDictionary<string, string> settings)
    {
        var s3 = RealParts.S3;
        var database = await TestDatabase.CreateAsync();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        settings["Database:Provider"] = "MariaDb";
        settings["Database:ConnectionString"] = database.ConnectionString;
        settings["ObjectStore:Provider"] = "S3";
        settings["ObjectStore:S3:ServiceUrl"] = s3.ServiceUrl;
        settings["ObjectStore:S3:AccessKey"] = s3.AccessKey;
        settings["ObjectStore:S3:SecretKey"] = s3.SecretKey;
        settings["ObjectStore:PreviewsBucket"] = $"t-{suffix}-previews";
        settings["ObjectStore:VideosBucket"] = $"t-{suffix}-videos";
        return database;
    }
}
