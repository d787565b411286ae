namespace MyVid.Media.Sfu;

/// <summary>
/// How a viewer's video started when it connected: from the cache (<paramref name="Packets"/> replayed, the oldest
/// keyframe <paramref name="AgeMs"/> old) or, with none usable, by a keyframe request to the publisher.
/// </summary>
internal readonly record struct KeyframeStart(bool FromCache, int Packets, int Octets, double AgeMs);
