namespace MyVid.Catalog.Contracts;

/// <summary>
/// A live stream entering the catalogue as a public <c>WebRTC</c> entry: viewers connect to <see cref="ControlUrl"/>
/// (an endpoint's <c>/ENDPOINT/{node id}</c>) and join <see cref="StreamId"/> (Appendix D). The id is chosen by the
/// caller before the write, so a retried create cannot duplicate the entry.
/// </summary>
public sealed record NewLiveVideo(string Id, string Title, string Description, string ControlUrl, string StreamId);
