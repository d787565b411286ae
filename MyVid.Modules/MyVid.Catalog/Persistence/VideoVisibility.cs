namespace MyVid.Catalog.Persistence;

/// <summary>Only public videos are listed, searched or answered; a private one is an upload not yet published.</summary>
internal enum VideoVisibility
{
    Private = 0,
    Public = 1,
}
