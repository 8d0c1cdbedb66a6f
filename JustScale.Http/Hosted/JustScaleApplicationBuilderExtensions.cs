using JustScale.Http.OpenApi;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JustScale.Http;

/// <summary>Places ASP.NET Core's authentication and authorization middleware for the host's own endpoints (<c>app.UseHostAuthentication()</c>).</summary>
public static class JustScaleApplicationBuilderExtensions
{
    // What UseAuthentication and UseAuthorization record on the app they are added to; WebApplication adds neither again when set.
    private const string AuthenticationSetKey = "__AuthenticationMiddlewareSet";
    private const string AuthorizationSetKey = "__AuthorizationMiddlewareSet";

    /// <summary>Runs ASP.NET Core's <c>UseAuthentication</c> and <c>UseAuthorization</c> here, for every request except those of JustScale routes.</summary>
    /// <remarks>
    /// Write it where <c>app.UseAuthentication(); app.UseAuthorization();</c> would stand. JustScale routes authenticate with
    /// <c>.Use(Auth)</c> and authorize with guards; without this call, a WebApplication with an authentication scheme (the
    /// <c>JustScale</c> scheme of TokensFeature, say) puts both middleware in front of every request, and each JustScale request
    /// pays for a request scope, the scheme's handler and the authorization check it does not use. Host endpoints
    /// (<c>[Authorize]</c>, <c>.RequireAuthorization()</c>, SignalR hubs), requests no endpoint matched (remote sign-in
    /// callbacks) and JustScale routes given authorization metadata by a convention (<c>app.MapJustScale().RequireAuthorization()</c>)
    /// still go through both. With a fallback authorization policy every request does, JustScale routes included.
    /// Either middleware is added only when its services are registered, as WebApplication does.
    /// </remarks>
    /// <param name="app">The application's pipeline.</param>
    /// <returns>The pipeline, to add further middleware.</returns>
    /// <exception cref="InvalidOperationException"><c>UseAuthentication</c>, <c>UseAuthorization</c> or this method was already called on the pipeline.</exception>
    public static IApplicationBuilder UseHostAuthentication(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Properties.ContainsKey(AuthenticationSetKey) || app.Properties.ContainsKey(AuthorizationSetKey))
        {
            // Both would run for JustScale routes anyway (or twice for the others): say so instead of doing nothing useful.
            throw new InvalidOperationException(
                "UseHostAuthentication replaces app.UseAuthentication() and app.UseAuthorization(); one of them (or UseHostAuthentication) was already called on this pipeline. Call UseHostAuthentication alone, once.");
        }

        var services = app.ApplicationServices;
        var registered = services.GetService<IServiceProviderIsService>();
        var authentication = registered?.IsService(typeof(IAuthenticationSchemeProvider)) is true;
        var authorization = registered?.IsService(typeof(IAuthorizationHandlerProvider)) is true;
        if (!authentication && !authorization)
        {
            return app;
        }

        var everyRequest = authorization && services.GetService<IOptions<AuthorizationOptions>>()?.Value.FallbackPolicy is not null;
        app.UseWhen(http => everyRequest || !IsJustScaleRouteWithoutAuthorization(http.GetEndpoint()), branch =>
        {
            if (authentication)
            {
                branch.UseAuthentication();
            }

            if (authorization)
            {
                branch.UseAuthorization();
            }
        });
        app.Properties[AuthenticationSetKey] = true;
        app.Properties[AuthorizationSetKey] = true;
        return app;
    }

    private static bool IsJustScaleRouteWithoutAuthorization(Endpoint? endpoint) =>
        endpoint?.Metadata is { } metadata
        && metadata.GetMetadata<JustScaleRouteMetadata>() is not null
        && metadata.GetMetadata<IAuthorizeData>() is null
        && metadata.GetMetadata<AuthorizationPolicy>() is null;
}
