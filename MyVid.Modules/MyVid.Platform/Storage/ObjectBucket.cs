namespace MyVid.Platform.Storage;

/// <summary>The design keeps previews and videos in separate buckets; their names are configured.</summary>
public enum ObjectBucket
{
    Previews,
    Videos,
}
