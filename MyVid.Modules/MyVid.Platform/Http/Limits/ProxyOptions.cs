using System.Net;
using FluentValidation;

namespace MyVid.Platform.Http.Limits;

/// <summary>
/// Bound from <c>Proxy</c>: the load balancers in front of this node. Only their <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed, so the rate limits and the per-address bounds see the real client.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>IP addresses of trusted proxies (e.g. HAProxy's); empty: forwarded headers are ignored.</summary>
    public List<string> TrustedAddresses { get; set; } = [];
}

public sealed class ProxyOptionsValidator : AbstractValidator<ProxyOptions>
{
    public ProxyOptionsValidator()
    {
        RuleForEach(o => o.TrustedAddresses).Must(a => IPAddress.TryParse(a, out _)).WithMessage("must be an IP address such as 10.0.0.5");
    }
}
