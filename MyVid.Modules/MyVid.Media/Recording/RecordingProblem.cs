namespace MyVid.Media.Recording;

/// <summary>
/// Something went wrong with a recording. Not fatal: a store call failed and is being retried. Fatal: the recording
/// stopped (the store stayed down, or the recorder fell behind); the live stream goes on, and what was stored can be
/// recovered with <see cref="Storage.RecordingRecovery"/>.
/// </summary>
internal sealed record RecordingProblem(string Message, Exception? Exception, bool IsFatal);

/// <summary>The recording could not be stored.</summary>
internal sealed class RecordingFailedException : Exception
{
    public RecordingFailedException()
    {
    }

    public RecordingFailedException(string message)
        : base(message)
    {
    }

    public RecordingFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
