namespace MyVid.Catalog.Persistence;

/// <summary>
/// The design's three types: <c>HTTP</c> (a file elsewhere, e.g. the CCC CDN), <c>MYVID</c> (in our object store,
/// answered as HTTP with signed URLs) and <c>WebRTC</c> (a live stream).
/// </summary>
internal enum VideoKind
{
    Http = 0,
    MyVid = 1,
    WebRtc = 2,
}
