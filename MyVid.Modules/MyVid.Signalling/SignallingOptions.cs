using FluentValidation;

namespace MyVid.Signalling;

/// <summary>Bound from <c>Signalling</c>.</summary>
public sealed class SignallingOptions
{
    public const string Section = "Signalling";

    /// <summary>How often an endpoint node renews its row in the Nodes table.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A node not heard from for this long is taken for dead and no longer chosen.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Rows of nodes silent this long are deleted (a crashed node leaves its row behind).</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(1);
}

public sealed class SignallingOptionsValidator : AbstractValidator<SignallingOptions>
{
    public SignallingOptionsValidator()
    {
        RuleFor(o => o.HeartbeatInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        RuleFor(o => o.StaleAfter).GreaterThan(o => o.HeartbeatInterval)
            .WithMessage("must be longer than HeartbeatInterval (three intervals is a good choice)");
        RuleFor(o => o.ForgetAfter).GreaterThan(o => o.StaleAfter);
    }
}
