namespace MyVid.Media.Recording;

/// <summary>Which of the publisher's tracks a packet belongs to.</summary>
internal enum RecordingTrack
{
    Video,
    Audio,
}
