using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MyVid.Platform.Options;

/// <summary>Binds an options section and validates it at start with FluentValidation, naming the bad key.</summary>
public static class OptionsValidation
{
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(
        this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidator<TOptions>, new()
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new FluentOptionsValidator<TOptions>(section, new TValidator()));
        services.AddSingleton(new OptionsCheck(sp => _ = sp.GetRequiredService<IOptions<TOptions>>().Value));
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>Reads a section right away (for choices made while registering services) with the same validation.</summary>
    public static TOptions GetValidated<TOptions, TValidator>(this IConfiguration configuration, string section)
        where TOptions : class, new()
        where TValidator : class, IValidator<TOptions>, new()
    {
        var options = configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        var result = new FluentOptionsValidator<TOptions>(section, new TValidator()).Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(section, typeof(TOptions), result.Failures);
        }
        return options;
    }

    /// <summary>
    /// Validates every options class registered with <see cref="AddValidatedOptions{TOptions,TValidator}"/> and throws
    /// one <see cref="OptionsValidationException"/> with every failure (the host's own start-up check stops at the first class).
    /// </summary>
    public static void ValidateAll(IServiceProvider services)
    {
        var failures = new List<string>();
        foreach (var check in services.GetServices<OptionsCheck>())
        {
            try
            {
                check.Run(services);
            }
            catch (OptionsValidationException e)
            {
                failures.AddRange(e.Failures);
            }
        }
        if (failures.Count > 0)
        {
            throw new OptionsValidationException("", typeof(object), failures);
        }
    }

    private sealed record OptionsCheck(Action<IServiceProvider> Run);

    private sealed class FluentOptionsValidator<TOptions>(string section, IValidator<TOptions> validator)
        : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var result = validator.Validate(options);
            if (result.IsValid)
            {
                return ValidateOptionsResult.Success;
            }
            return ValidateOptionsResult.Fail(result.Errors.Select(e =>
                $"{section}:{e.PropertyName.Replace('.', ':')}: {e.ErrorMessage}"));
        }
    }
}
