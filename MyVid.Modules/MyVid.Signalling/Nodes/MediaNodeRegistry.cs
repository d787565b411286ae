using System.Collections.Concurrent;

namespace MyVid.Signalling.Nodes;

/// <summary>The media nodes whose control socket this endpoint holds, by id (for clients) and by name (for their requests).</summary>
internal sealed class MediaNodeRegistry
{
    private readonly ConcurrentDictionary<string, MediaNodeLink> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MediaNodeLink> _byName = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    public bool TryGet(string id, out MediaNodeLink link) => _byId.TryGetValue(id, out link!);

    public bool TryGetByName(string name, out MediaNodeLink link) => _byName.TryGetValue(name, out link!);

    /// <summary>Adds the node; returns the link it replaces (same name, an older socket), if any.</summary>
    public MediaNodeLink? Add(MediaNodeLink link)
    {
        _byId[link.Id] = link;
        MediaNodeLink? replaced = null;
        _byName.AddOrUpdate(link.Name, link, (_, old) =>
        {
            replaced = old;
            return link;
        });
        return replaced;
    }

    public void Remove(MediaNodeLink link)
    {
        _byId.TryRemove(new KeyValuePair<string, MediaNodeLink>(link.Id, link));
        _byName.TryRemove(new KeyValuePair<string, MediaNodeLink>(link.Name, link));
    }
}
