using JustScale.Core;
using JustScale.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JustScale.Testing;

/// <summary>The WebApplicationFactory behind <see cref="TestApp"/>: a generic host whose web app is <c>services.AddJustScale(...)</c>
/// and <c>endpoints.MapJustScale()</c>, with the options' configuration, clock, services, logging and pipeline.</summary>
internal sealed class TestAppFactory(TestAppOptions options, Action<ClusterBuilder> compose) : WebApplicationFactory<TestApp>
{
    protected override IHostBuilder CreateHostBuilder() => new HostBuilder()
        .UseEnvironment(options.Environment)
        .UseContentRoot(AppContext.BaseDirectory)
        .ConfigureAppConfiguration(configuration =>
        {
            // A test app stops at once: no 5 s drain delay (the default outside Development) on every dispose; a test may set its own.
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["JustScale:Http:DrainDelay"] = "00:00:00" });
            configuration.AddInMemoryCollection(options.Settings);
            options.Configuration?.Invoke(configuration);
        })
        .ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            options.Logging?.Invoke(logging);
        })
        .ConfigureWebHost(web => web
            .UseContentRoot(AppContext.BaseDirectory)
            .ConfigureServices(services =>
            {
                services.AddRouting();
                if (options.Time is { } time)
                {
                    services.AddSingleton(time);
                }

                options.Services?.Invoke(services);
                services.AddJustScale(compose);
            })
            .Configure(app =>
            {
                options.Pipeline?.Invoke(app);
                app.UseRouting();

                // As WebApplication does: authentication and authorization run when their services are registered (TokensFeature's scheme).
                if (app.ApplicationServices.GetService<IAuthenticationSchemeProvider>() is not null)
                {
                    app.UseAuthentication();
                }

                if (app.ApplicationServices.GetService<IAuthorizationHandlerProvider>() is not null)
                {
                    app.UseAuthorization();
                }

                app.UseEndpoints(endpoints =>
                {
                    endpoints.MapJustScale();
                    options.Endpoints?.Invoke(endpoints);
                });
            }));

    // WebApplicationFactory names the app after TEntryPoint's assembly (JustScale.TestSupport); a name asked for wins.
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (options.ApplicationName is { } name)
        {
            builder.UseSetting(WebHostDefaults.ApplicationKey, name);
        }
    }
}
