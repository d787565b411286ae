using FluentValidation;

namespace MyVid.Web;

/// <summary>Bound from <c>Web</c>.</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>
    /// More origins the client's page may send requests to (<c>connect-src</c>), e.g. endpoint servers on other hosts
    /// than the api's. The object store's own origin is added from <c>ObjectStore</c> without being listed here.
    /// </summary>
    public string[] ConnectSources { get; set; } = [];
}

public sealed class WebOptionsValidator : AbstractValidator<WebOptions>
{
    public WebOptionsValidator()
    {
        RuleForEach(o => o.ConnectSources).Must(ContentSecurityPolicy.IsOrigin)
            .WithMessage("must be an origin such as https://upload.example.org (http, https, ws or wss; no path)");
    }
}
