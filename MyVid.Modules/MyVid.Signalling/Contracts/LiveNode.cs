namespace MyVid.Signalling.Contracts;

/// <summary>A node whose heartbeat is recent: its id (new at every start) and the base URL clients reach it at.</summary>
public sealed record LiveNode(string Id, Uri BaseUrl, DateTime LastSeenUtc);
