namespace MyVid.Platform.Storage;

public sealed class ObjectTooLargeException(long maxBytes)
    : Exception($"The object is larger than the {maxBytes} bytes this store accepts.")
{
    public long MaxBytes { get; } = maxBytes;
}
