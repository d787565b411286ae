using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using MyVid.Platform.Ids;

namespace MyVid.Signalling.Bridge;

/// <summary>A client socket waiting for its media node to open the other half of the bridge.</summary>
internal sealed class ParkedClient(string parkId, string nodeName)
{
    public string ParkId { get; } = parkId;

    /// <summary>Only this node may claim the client.</summary>
    public string NodeName { get; } = nodeName;

    /// <summary>Completed with the media node's socket when it claims the client.</summary>
    public TaskCompletionSource<WebSocket> Media { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed when the bridge has ended: the media node's request may then return.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Parked clients by temporary id, with bounds per client address and in total. A place is reserved before the
/// upgrade (so a refusal is a plain HTTP answer) and given back when the client is claimed or times out.
/// </summary>
internal sealed class ParkingLot(IOptions<SignallingOptions> options)
{
    private readonly ConcurrentDictionary<string, ParkedClient> _parked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private int _total;

    public int Count => Volatile.Read(ref _total);

    public enum Refusal
    {
        None,
        AddressFull,
        LotFull,
    }

    public Refusal TryReserve(IPAddress address)
    {
        if (Interlocked.Increment(ref _total) > options.Value.MaxParked)
        {
            Interlocked.Decrement(ref _total);
            return Refusal.LotFull;
        }
        var count = _perAddress.AddOrUpdate(address, 1, (_, c) => c + 1);
        if (count > options.Value.MaxParkedPerAddress)
        {
            Release(address);
            return Refusal.AddressFull;
        }
        return Refusal.None;
    }

    public void Release(IPAddress address)
    {
        Interlocked.Decrement(ref _total);
        while (_perAddress.TryGetValue(address, out var count))
        {
            if (count <= 1 ? _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(address, count)) : _perAddress.TryUpdate(address, count - 1, count))
            {
                return;
            }
        }
    }

    public ParkedClient Park(string nodeName)
    {
        while (true)
        {
            var client = new ParkedClient("p-" + ShortId.New(12), nodeName);
            if (_parked.TryAdd(client.ParkId, client))
            {
                return client;
            }
        }
    }

    /// <summary>Takes a parked client off the lot for the node that claims it; false if unknown, expired or another node's.</summary>
    public bool TryClaim(string parkId, string nodeName, out ParkedClient client)
    {
        if (_parked.TryGetValue(parkId, out client!) && client.NodeName == nodeName)
        {
            return _parked.TryRemove(new KeyValuePair<string, ParkedClient>(parkId, client));
        }
        return false;
    }

    /// <summary>Takes a client off the lot unclaimed (timeout); false if its node claimed it meanwhile.</summary>
    public bool TryGiveUp(ParkedClient client) => _parked.TryRemove(new KeyValuePair<string, ParkedClient>(client.ParkId, client));
}
