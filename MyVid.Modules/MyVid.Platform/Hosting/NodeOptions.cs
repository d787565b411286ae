using FluentValidation;

namespace MyVid.Platform.Hosting;

/// <summary>Bound from <c>Node</c>: what one MyVid process needs to know about itself.</summary>
public sealed class NodeOptions
{
    public const string Section = "Node";

    /// <summary>Folder for the embedded database and the local object store; relative to the working directory.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>The URL browsers reach this node at (behind a proxy or NAT); empty means the request's own scheme and host.</summary>
    public string? PublicBaseUrl { get; set; }
}

public sealed class NodeOptionsValidator : AbstractValidator<NodeOptions>
{
    public NodeOptionsValidator()
    {
        RuleFor(o => o.DataFolder).NotEmpty();
        RuleFor(o => o.PublicBaseUrl)
            .Must(v => Uri.TryCreate(v, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps))
            .When(o => !string.IsNullOrEmpty(o.PublicBaseUrl))
            .WithMessage("must be an absolute http(s) URL such as https://myvid.example");
    }
}
