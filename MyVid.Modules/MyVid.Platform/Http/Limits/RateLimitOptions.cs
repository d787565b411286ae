using FluentValidation;

namespace MyVid.Platform.Http.Limits;

/// <summary>
/// Bound from <c>RateLimit</c>: a token bucket per client address over the public API (<c>/API/</c>,
/// <c>/NEWVIDEOUPLOAD</c>, clients' <c>/ENDPOINT/{id}</c>). A client may send <see cref="Burst"/> requests at once,
/// then <see cref="PermitsPerSecond"/> a second; beyond that it gets 429 with Retry-After.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>Tokens added to each address's bucket every second.</summary>
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>The bucket's size: what an address may spend at once (a page load, a reconnecting player).</summary>
    public int Burst { get; set; } = 200;
}

public sealed class RateLimitOptionsValidator : AbstractValidator<RateLimitOptions>
{
    public RateLimitOptionsValidator()
    {
        RuleFor(o => o.PermitsPerSecond).InclusiveBetween(1, 1_000_000);
        RuleFor(o => o.Burst).InclusiveBetween(1, 10_000_000).GreaterThanOrEqualTo(o => o.PermitsPerSecond)
            .WithMessage("must be at least PermitsPerSecond (and at most 10000000)");
    }
}
