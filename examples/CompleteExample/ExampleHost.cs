using System.Security.Claims;
using JustScale.Auth;
using JustScale.Http;
using JustScale.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CompleteExample;

/// <summary>Hosts the complete example in an ordinary ASP.NET Core app: configuration, logging, CORS, health, then the JustScale routes.</summary>
public static partial class ExampleHost
{
    /// <summary>Builds the app from the command line and configuration; <paramref name="configure"/> may adjust the builder first (tests add configuration or loggers).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(ExampleSettings.NormalizeArguments(args));
        UseSettingsBesideBinary(builder);
        configure?.Invoke(builder);
        var settings = ExampleSettings.From(builder.Configuration);
        UseAddress(builder, settings);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.UseJustScaleLimits()); // Listen's limits: headers within 10 s, 32 KiB, 1 MiB bodies

        // A failed start (port in use) is reported once by RunAsync, not with a stack trace from Kestrel and again from the
        // host; once started, their errors (a crashing background service, say) are logged as usual.
        var started = new StartupGate();
        builder.Services.AddSingleton(started).AddSingleton(settings);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", level => level >= LogLevel.Warning && (started.IsOpen || level < LogLevel.Critical));
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Warning && (started.IsOpen || level < LogLevel.Error));

        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "JustScale complete example";
            return Task.CompletedTask;
        })); // ASP.NET Core's document; AddJustScale describes its routes to it
        builder.AddJustScale(cluster => ExampleApp.Compose(cluster, settings));
        if (ExampleApp.CorsPolicyFor(settings) is { } cors)
        {
            builder.Services.AddCors(options => options.AddDefaultPolicy(cors));
        }

        // Readiness is this instance's own state: draining on SIGTERM (JustScale:Http:DrainDelay) or the password hasher
        // shedding. The shared database is reported by /health as Degraded, never as unready: a database blip must not make
        // the balancer take every instance out at once (docs/hosting.md, "Health and readiness").
        var health = builder.Services.AddHealthChecks().AddDrainCheck(tags: ["ready"]).AddPasswordHasher(tags: ["ready"]);
        if (settings.UsePostgres)
        {
            health.Add(new HealthCheckRegistration("postgres", s => new PostgresHealthCheck(s.GetRequiredService<PostgresClient>()), HealthStatus.Degraded, ["database"]));
        }

        var app = builder.Build();
        if (settings.CorsOrigins.Count > 0)
        {
            app.UseCors(); // answers preflights before routing decides 404 or 405
        }

        app.UseHostAuthentication(); // ASP.NET Core's authentication for /aspnet/whoami, not for the JustScale routes (.Use(Auth))

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }); // the process runs
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapHealthChecks("/health"); // every check: "Degraded" (still 200) while PostgreSQL does not answer
        app.MapJustScale();
        app.UseWebSockets(); // for WebSocket routes (JustScale.Realtime); endpoints run after every middleware
        app.MapGet("/aspnet/whoami", (ClaimsPrincipal user) => new { email = user.FindFirstValue("email") })
            .RequireAuthorization(); // a host minimal API: the "JustScale" scheme (TokensFeature) accepts sessions and access tokens
        app.MapOpenApi("/openapi.json"); // one document: the JustScale routes (from their declarations) and the minimal APIs above
        return app;
    }

    /// <summary>Starts the app, logs the ready line, and runs until Ctrl+C or SIGTERM; returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CompleteExample");
        try
        {
            await app.StartAsync();
        }
        catch (IOException ex) // Kestrel's "Failed to bind to address ...: address already in use."
        {
            ExampleLog.CannotListen(log, ex.Message.TrimEnd('.'));
            await app.StopAsync(); // the cluster started before Kestrel tried to bind
            await app.DisposeAsync();
            return 1;
        }
        catch (Exception ex) when (SchemaErrorOf(ex) is { } schema) // the database differs from the models in a way a person must review
        {
            await Console.Error.WriteLineAsync($"Cannot start: {schema.Message}");
            await app.DisposeAsync();
            return 1;
        }

        app.Services.GetRequiredService<StartupGate>().Open();
        var settings = app.Services.GetRequiredService<ExampleSettings>();
        var url = app.Urls.FirstOrDefault() ?? "(in-process test server)";
        ExampleLog.Ready(log, url, settings.UsePostgres
            ? "PostgreSQL"
            : "the embedded in-memory store (data is lost on exit; set ConnectionStrings__Postgres, POSTGRES_URL or DATABASE_URL for PostgreSQL)");
        await app.WaitForShutdownAsync(); // Ctrl+C or SIGTERM: the server drains, then the cluster stops
        await app.DisposeAsync();
        return 0;
    }

    // `dotnet CompleteExample.dll` run from another folder: read the appsettings*.json beside the binary, at the same priority.
    private static void UseSettingsBesideBinary(WebApplicationBuilder builder)
    {
        var sources = builder.Configuration.Sources;
        var contentRoot = builder.Environment.ContentRootPath;
        if (File.Exists(Path.Combine(contentRoot, "appsettings.json")) || !File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))
        {
            return;
        }

        var files = new PhysicalFileProvider(AppContext.BaseDirectory);
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json && path.StartsWith("appsettings", StringComparison.Ordinal))
            {
                sources[i] = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false, FileProvider = files };
            }
        }
    }

    // --port (or PORT) wins; otherwise ASPNETCORE_URLS, --urls, HTTP_PORTS or Kestrel:Endpoints decide; with none, localhost:3000.
    private static void UseAddress(WebApplicationBuilder builder, ExampleSettings settings)
    {
        if (settings.Port is { } port)
        {
            // Kestrel binds both loopbacks for localhost, which needs a fixed port; port 0 binds IPv4 loopback only.
            builder.WebHost.UseUrls(port == 0 ? "http://127.0.0.1:0" : $"http://localhost:{port}");
            return;
        }

        var configuration = builder.Configuration;
        var decided = !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        if (!decided)
        {
            builder.WebHost.UseUrls("http://localhost:3000");
        }
    }
}
