namespace MyVid.Platform.Storage;

/// <summary>
/// The object store did not answer within <c>ObjectStore:S3:Timeout</c>, or answered that it cannot serve now (5xx,
/// 408). Requests that need it answer 503 with this message (<see cref="Http.UnavailableExceptionHandler"/>).
/// </summary>
public sealed class ObjectStoreUnavailableException(string message, Exception? innerException)
    : Exception(message, innerException);
