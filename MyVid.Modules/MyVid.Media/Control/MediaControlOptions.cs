using FluentValidation;
using MyVid.Signalling.Contracts;

namespace MyVid.Media.Control;

/// <summary>Bound from <c>Media:Control</c>: the endpoints this media node attaches to (docs/protocol/media-nodes.md).</summary>
public sealed class MediaControlOptions
{
    public const string Section = "Media:Control";

    /// <summary>
    /// Base URLs of endpoints, tried in order: the node attaches to one and fails over to the next when its control
    /// socket drops. Empty on a node that also has the endpoint role: its own listening address.
    /// </summary>
    public List<string> Endpoints { get; set; } = [];

    /// <summary>This node's name in the cluster (unique); empty: the machine name and a random suffix, new at each start.</summary>
    public string? NodeName { get; set; }

    /// <summary>The viewers this node says it can carry; the api role sends new streams to the least-loaded node.</summary>
    public int Capacity { get; set; } = 1000;

    /// <summary>The UDP address sent in <c>hello</c>; empty: <c>Media:AdvertisedAddress</c> (or <c>BindAddress</c>) and <c>Media:Port</c>.</summary>
    public string? AdvertisedUdp { get; set; }

    /// <summary>Pause before trying the first endpoint again after every endpoint failed.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for an endpoint to accept a socket or answer a request.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class MediaControlOptionsValidator : AbstractValidator<MediaControlOptions>
{
    public MediaControlOptionsValidator()
    {
        RuleForEach(o => o.Endpoints)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            .WithMessage("must be an endpoint's absolute http(s) base URL, e.g. https://b.media.example/");
        RuleFor(o => o.NodeName).Must(ClusterSignature.IsValidNodeName).When(o => !string.IsNullOrEmpty(o.NodeName))
            .WithMessage("must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        RuleFor(o => o.Capacity).InclusiveBetween(1, 10_000_000);
        RuleFor(o => o.AdvertisedUdp).MaximumLength(100);
        RuleFor(o => o.ReconnectDelay).InclusiveBetween(TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        RuleFor(o => o.ConnectTimeout).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
    }
}
