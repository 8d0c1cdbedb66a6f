using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JustScale.Http.Hosted;

/// <summary>Puts ASP.NET Core's forwarded headers, HSTS and HTTPS redirection middleware first in the pipeline, the same in both styles.</summary>
/// <remarks>
/// A startup filter, so that they run before the app's own middleware (CORS, authentication, the routes) whatever order the
/// app writes its pipeline in: whatever reads the client IP, the scheme or the host sees the rewritten values.
/// <list type="bullet">
/// <item>Forwarded headers only from <see cref="JustScaleHttpOptions.TrustedProxies"/>, and only when some are listed.</item>
/// <item>HSTS on HTTPS responses (a trusted proxy's <c>X-Forwarded-Proto: https</c> included) outside Development.</item>
/// <item>HTTPS redirection only when an HTTPS port is configured (<c>https_port</c>, <c>HTTPS_PORTS</c> or
/// <see cref="HttpsRedirectionOptions.HttpsPort"/>): behind a TLS proxy, the proxy redirects.</item>
/// </list>
/// </remarks>
internal sealed class HostingPipeline(
    IOptions<JustScaleHttpOptions> options, IOptions<HttpsRedirectionOptions> redirection, IConfiguration configuration, IHostEnvironment environment)
    : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (TrustedProxies.Options(options.Value.TrustedProxies) is { } forwarded)
        {
            app.UseForwardedHeaders(forwarded);
        }

        if (!environment.IsDevelopment())
        {
            app.UseHsts();
        }

        if (redirection.Value.HttpsPort is not null || !string.IsNullOrEmpty(configuration["https_port"]) || !string.IsNullOrEmpty(configuration["https_ports"]))
        {
            app.UseHttpsRedirection();
        }

        next(app);
    };
}
