using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using JustScale.Http.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Hosted;

/// <summary>UseHostAuthentication over real Kestrel: ASP.NET Core's authentication and authorization for the host's endpoints, not for JustScale routes.</summary>
[TestFixture]
public sealed class HostAuthenticationTests
{
    private const string Scheme = "Test";

    private static readonly Controller Hello = Controller.Create("/hello", () => new()
    {
        // Whether ASP.NET Core's authentication middleware saw the request: it sets IAuthenticationFeature on every request it runs for.
        ["get"] = Get("/").Handle(ctx => ctx.Res.Json(new { authenticationRan = ctx.HttpContext.Features.Get<IAuthenticationFeature>() is not null })),
    });

    [Test]
    public async Task UseHostAuthentication_JustScaleRoute_NeitherMiddlewareNorSchemeRuns()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await StartAsync(seen);

        var body = await server.Client.GetStringAsync("/hello");

        Assert.That(body, Is.EqualTo("""{"authenticationRan":false}"""));
        Assert.That(seen, Is.Empty, "the scheme was never asked");
    }

    [Test]
    public async Task UseHostAuthentication_HostEndpointWithRequireAuthorization_AuthenticatedByTheScheme()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await StartAsync(seen);

        using var anonymous = await server.Client.GetAsync("/own");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/own") { Headers = { { "X-Test-User", "ada" } } };
        using var signedIn = await server.Client.SendAsync(request);

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await signedIn.Content.ReadAsStringAsync(), Is.EqualTo("ada"));
        Assert.That(seen, Has.All.EqualTo("/own").And.Not.Empty);
    }

    [Test]
    public async Task UseHostAuthentication_AuthorizationConventionOnJustScaleRoutes_StillAuthorized()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await StartAsync(seen, routes: mapped => mapped.RequireAuthorization());

        using var anonymous = await server.Client.GetAsync("/hello");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hello") { Headers = { { "X-Test-User", "ada" } } };
        using var signedIn = await server.Client.SendAsync(request);

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await signedIn.Content.ReadAsStringAsync(), Is.EqualTo("""{"authenticationRan":true}"""));
    }

    [Test]
    public async Task UseHostAuthentication_FallbackPolicy_AppliesToJustScaleRoutesToo()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await StartAsync(seen, authorization: options => options.FallbackPolicy = options.DefaultPolicy);

        using var anonymous = await server.Client.GetAsync("/hello");

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task WithoutUseHostAuthentication_WebApplicationAuthenticatesEveryRequest()
    {
        // What UseHostAuthentication spares JustScale routes: the middleware WebApplication adds runs for them as well.
        var seen = new ConcurrentQueue<string>();
        await using var server = await StartAsync(seen, useHostAuthentication: false);

        var body = await server.Client.GetStringAsync("/hello");

        Assert.That(body, Is.EqualTo("""{"authenticationRan":true}"""));
        Assert.That(seen, Does.Contain("/hello"));
    }

    [Test]
    public void UseHostAuthentication_AfterUseAuthenticationOrTwice_RefusedNamingTheFix()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, HeaderHandler>(Scheme, null);
        builder.Services.AddAuthorization();
        using var afterUse = builder.Build();
        afterUse.UseAuthentication();
        var twice = WebApplication.CreateSlimBuilder();
        twice.Services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, HeaderHandler>(Scheme, null);
        using var calledTwice = twice.Build();
        calledTwice.UseHostAuthentication();

        Assert.That(() => afterUse.UseHostAuthentication(), Throws.InvalidOperationException.With.Message.Contains("Call UseHostAuthentication alone, once"));
        Assert.That(() => calledTwice.UseHostAuthentication(), Throws.InvalidOperationException.With.Message.Contains("Call UseHostAuthentication alone, once"));
    }

    private static Task<HostedServer> StartAsync(
        ConcurrentQueue<string> seen, Action<IEndpointConventionBuilder>? routes = null, Action<AuthorizationOptions>? authorization = null, bool useHostAuthentication = true) =>
        HostedServer.StartAsync(
            cluster => cluster.Add(Hello),
            services: builder =>
            {
                builder.Services.AddSingleton(seen);
                builder.Services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, HeaderHandler>(Scheme, null);
                builder.Services.AddAuthorization(authorization ?? (_ => { }));
            },
            pipeline: app =>
            {
                if (useHostAuthentication)
                {
                    app.UseHostAuthentication();
                }

                app.MapGet("/own", (ClaimsPrincipal user) => user.Identity!.Name).RequireAuthorization();
            },
            routes: routes);

    // Signs in whoever X-Test-User names and records each path it was asked about.
    private sealed class HeaderHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ConcurrentQueue<string> seen)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            seen.Enqueue(Request.Path.Value ?? "");
            return Task.FromResult(Request.Headers["X-Test-User"].ToString() is { Length: > 0 } name
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], Scheme.Name)), Scheme.Name))
                : AuthenticateResult.NoResult());
        }
    }
}
