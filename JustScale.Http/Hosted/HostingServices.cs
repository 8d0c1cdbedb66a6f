using JustScale.Http.OpenApi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JustScale.Http.Hosted;

/// <summary>Registers what both styles share around the routes: the <c>JustScale:Http</c> settings, the pipeline's front and the drain.</summary>
internal static class HostingServices
{
    /// <summary>Adds the settings (bound from configuration), HSTS's defaults, the <see cref="HostingPipeline"/> and the <see cref="ShutdownDrain"/>.</summary>
    /// <remarks>HSTS defaults to a year for every host (ASP.NET Core's own excludes localhost, which a proxy may well send);
    /// <c>builder.Services.AddHsts(...)</c> after this call changes it.</remarks>
    public static void Add(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ShutdownDrain)))
        {
            return;
        }

        services.AddOptions<JustScaleHttpOptions>().BindConfiguration(JustScaleHttpOptions.Section);
        services.Configure<HstsOptions>(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.ExcludedHosts.Clear();
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ShutdownDrain>();
        services.AddHostedService(s => s.GetRequiredService<ShutdownDrain>());
        services.AddTransient<IStartupFilter, HostingPipeline>();
        OpenApiServices.Add(services); // the host's AddOpenApi() document lists the routes
        services.AddOptions<HostOptions>().PostConfigure<IOptions<JustScaleHttpOptions>, IHostEnvironment>((host, options, environment) =>
            host.ShutdownTimeout += ShutdownDrain.DelayOf(options.Value, environment));
    }
}
