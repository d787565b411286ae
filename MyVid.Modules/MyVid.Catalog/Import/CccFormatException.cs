namespace MyVid.Catalog.Import;

/// <summary>A file that is not a media.ccc.de event, event list or conference; the message says what is wrong and where.</summary>
internal sealed class CccFormatException(string message, Exception? inner = null) : Exception(message, inner);
