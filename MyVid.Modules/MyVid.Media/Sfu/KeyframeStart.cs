namespace MyVid.Media.Sfu;

/// <summary>
/// How a viewer's video started when it connected: from the cache (<paramref name="Refused"/> null:
/// <paramref name="Packets"/> replayed, the keyframe <paramref name="AgeMs"/> old), or by a keyframe request to the
/// publisher because the cache could not serve it (why, with what was measured up to the refusal).
/// </summary>
internal readonly record struct KeyframeStart(string? Refused, int Packets, int Octets, double AgeMs)
{
    public bool FromCache => Refused is null;
}
