using MyVid.Platform;
using MyVid.Platform.Http.Limits;
using MyVid.Platform.Logging;
using MyVid.Platform.Modules;
using MyVid.Platform.Options;
using MyVid.Platform.Persistence;
using MyVid.Platform.Roles;
using Scalar.AspNetCore;

namespace MyVid.Host;

/// <summary>Builds the web application for the active roles and runs it, or runs one command-line verb.</summary>
public static class MyVidHost
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        if (!HostCommandLine.TryParse(args, out var commandLine, out var error))
        {
            await errors.WriteLineAsync("error: " + error);
            return 2;
        }
        try
        {
            await using var app = Build(commandLine);
            if (commandLine.Help && commandLine.Verb is null)
            {
                await output.WriteLineAsync(HelpText.Render(app.Services.GetServices<ICliCommand>()));
                return 0;
            }
            if (commandLine.Verb is null)
            {
                await app.RunAsync();
                return 0;
            }
            return await RunVerbAsync(app, commandLine, output, errors);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            await errors.WriteLineAsync("error: invalid configuration:");
            foreach (var failure in e.Failures)
            {
                await errors.WriteLineAsync("  " + failure);
            }
            return 2;
        }
    }

    public static WebApplication Build(HostCommandLine commandLine)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = commandLine.ConfigurationArguments });
        ConfigureSources(builder);
        var modules = ModuleList.All.Where(m => m.IsActive(commandLine.Roles)).ToList();
        builder.Services.AddPlatform(builder.Configuration, commandLine.Roles);
        foreach (var module in modules)
        {
            module.AddServices(builder.Services, builder.Configuration, commandLine.Roles);
        }
        builder.Services.AddOpenApi();

        var app = builder.Build();
        // Every bad key at once, before endpoints are mapped (mapping reads some options) and before a command runs.
        OptionsValidation.ValidateAll(app.Services);
        app.UseTraceContext();
        app.UsePublicApiLimits();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The endpoint's bridge and the media nodes' control sockets; pings find dead peers behind quiet NATs.
        app.UseCors();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(20) });
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapPlatform();
        foreach (var module in modules)
        {
            module.MapEndpoints(app, commandLine.Roles);
        }
        return app;
    }

    /// <summary>Settings live in the top-level appsettings/ folder, copied beside the binary; environment and command line override them.</summary>
    private static void ConfigureSources(WebApplicationBuilder builder)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "appsettings");
        string[] files = ["appsettings.json", $"appsettings.{builder.Environment.EnvironmentName}.json"];
        for (var i = 0; i < files.Length; i++)
        {
            var source = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = Path.Combine(folder, files[i]), Optional = true };
            // Resolved before it is added: the configuration builds a source as soon as it is inserted.
            source.ResolveFileProvider();
            builder.Configuration.Sources.Insert(i, source);
        }
    }

    private static async Task<int> RunVerbAsync(WebApplication app, HostCommandLine commandLine, TextWriter output, TextWriter errors)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var command = app.Services.GetServices<ICliCommand>().FirstOrDefault(c => c.Name == commandLine.Verb);
        if (command is null)
        {
            await errors.WriteLineAsync($"error: unknown command '{commandLine.Verb}'. Run with --help for the list.");
            return 2;
        }
        if (commandLine.Help)
        {
            await output.WriteLineAsync(command.Help);
            return 0;
        }
        // Commands against the embedded database find it migrated, as a running node would.
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Sqlite)
        {
            foreach (var database in app.Services.GetServices<IModuleDatabase>())
            {
                await database.MigrateAsync(cancel.Token);
            }
        }
        return await command.RunAsync(commandLine.VerbArguments, output, cancel.Token);
    }
}
