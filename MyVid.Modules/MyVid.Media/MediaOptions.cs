using System.Net;
using FluentValidation;

namespace MyVid.Media;

/// <summary>Bound from <c>Media</c>: the node's UDP socket and the live-stream limits.</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>The address the node's one UDP socket binds to (all media of every stream goes through it).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The UDP port; 0 takes any free port (tests, a single embedded node).</summary>
    public int Port { get; set; }

    /// <summary>
    /// The address clients reach the socket at, written into every SDP as our host candidate (1:1 NAT: the public
    /// address). Required when <see cref="BindAddress"/> is a wildcard; else the bind address is advertised.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>The largest signalling WebSocket message accepted (an SDP offer is a few KiB).</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    public int MaxViewersPerStream { get; set; } = 1000;

    /// <summary>How often a changed viewer count is reported to the catalogue.</summary>
    public int ViewerReportSeconds { get; set; } = 5;

    /// <summary>How long a <c>LIVE</c> message waits for the publisher's media to connect.</summary>
    public int LiveWaitSeconds { get; set; } = 10;

    /// <summary>The REMB cap sent to publishers: the most a broadcast may send.</summary>
    public int PublisherMaxBitrate { get; set; } = 2_500_000;

    /// <summary>The socket's kernel send and receive buffers; large, so a burst to many viewers is not dropped.</summary>
    public int SocketBufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Sends queued datagrams with one <c>sendmmsg(2)</c> per batch of up to 64 on Linux (a <c>sendto</c> each
    /// elsewhere); false sends each datagram at once with its own <c>sendto</c> (A/B benchmarks).
    /// </summary>
    public bool BatchSends { get; set; } = true;

    /// <summary>
    /// BENCHMARKS ONLY (default false; never in production): maps <c>/bench/session</c>, a signalling WebSocket
    /// straight to the session handler without an endpoint or authentication, <c>/bench/stats</c>, and a catalogue
    /// that answers <c>LIVE</c> with the StreamID (see <c>Benchmarks/DirectSessions.cs</c>, bench/media-scale.sh).
    /// </summary>
    public bool DirectSessionsForBenchmarks { get; set; }

    internal IPAddress ParsedBindAddress => IPAddress.Parse(BindAddress);

    /// <summary>What goes into our candidates: the advertised address, else the bind address.</summary>
    internal IPAddress ParsedAdvertisedAddress =>
        string.IsNullOrWhiteSpace(AdvertisedAddress) ? ParsedBindAddress : IPAddress.Parse(AdvertisedAddress);
}

public sealed class MediaOptionsValidator : AbstractValidator<MediaOptions>
{
    public MediaOptionsValidator()
    {
        RuleFor(o => o.BindAddress).Must(a => IPAddress.TryParse(a, out _)).WithMessage("must be an IPv4 or IPv6 address");
        RuleFor(o => o.Port).InclusiveBetween(0, 65535);
        RuleFor(o => o.AdvertisedAddress)
            .Must(a => IPAddress.TryParse(a, out var ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any))
            .When(o => !string.IsNullOrWhiteSpace(o.AdvertisedAddress))
            .WithMessage("must be a unicast IP address clients can reach");
        RuleFor(o => o.AdvertisedAddress)
            .NotEmpty()
            .When(o => IPAddress.TryParse(o.BindAddress, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
            .WithMessage("is required when BindAddress is a wildcard: clients need an address to reach");
        RuleFor(o => o.MaxMessageBytes).InclusiveBetween(4 * 1024, 1024 * 1024);
        RuleFor(o => o.MaxViewersPerStream).InclusiveBetween(1, 100_000);
        RuleFor(o => o.ViewerReportSeconds).InclusiveBetween(1, 3600);
        RuleFor(o => o.LiveWaitSeconds).InclusiveBetween(1, 120);
        RuleFor(o => o.PublisherMaxBitrate).InclusiveBetween(100_000, 50_000_000);
        RuleFor(o => o.SocketBufferBytes).InclusiveBetween(64 * 1024, 64 * 1024 * 1024);
    }
}
