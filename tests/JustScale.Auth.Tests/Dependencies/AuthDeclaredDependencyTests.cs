using System.Net;
using System.Net.Http.Headers;
using JustScale.Core;
using JustScale.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static JustScale.Http.Routes;

namespace JustScale.Auth.Tests.Dependencies;

/// <summary>Pins that Auth and OptionalAuth declare what they need: Build fails without AuthFeature, and requests do no service lookup.</summary>
/// <remarks>Inside a JustScale.* namespace the simple name Auth means the namespace, so these tests write AuthMiddleware.Auth.</remarks>
[TestFixture]
public sealed class AuthDeclaredDependencyTests
{
    private static Controller Profile { get; } = Controller.Create("/profile", () => new Dictionary<string, RouteDefinition>
    {
        ["me"] = Get("/").Use(AuthMiddleware.Auth).Handle(ctx => ctx.Res.Json(new { ctx.User.Email, reads = Reads(ctx) })),
        ["maybe"] = Get("/maybe").Use(AuthMiddleware.OptionalAuth).Handle(ctx => ctx.Res.Json(new { anonymous = ctx.User is null, reads = Reads(ctx) })),
        ["scoped"] = Get("/scoped").Handle(ctx => ctx.Res.Json(new { services = ctx.Services is not null, reads = Reads(ctx) })),
    });

    [Test]
    public void Build_AuthRouteWithoutAuthFeature_ThrowsNamingTheRouteTheServiceAndTheFix()
    {
        var builder = new ClusterBuilder()
            .Add(InMemoryRepository.For<User>())
            .Add(InMemoryRepository.For<Session>())
            .Add(Profile);

        var error = Assert.Throws<DependencyException>(() => builder.Build());

        Assert.That(error!.Message, Does.Contain(
            "  Route GET /profile (Controller /profile \"me\") requires:\n    - SessionService (add .Add<AuthFeature>())\n    - AuthOptions (add .Add<AuthFeature>())\n"));
        Assert.That(error.Message, Does.Contain("  Route GET /profile/maybe (Controller /profile \"maybe\") requires:\n    - SessionService (add .Add<AuthFeature>())\n"));
        Assert.That(error.Missing.Select(m => (m.RequiredType, m.Fix)).Distinct(), Is.EquivalentTo(new[]
        {
            (typeof(SessionService), ".Add<AuthFeature>()"),
            (typeof(AuthOptions), ".Add<AuthFeature>()"),
            (typeof(BearerTokenReaders), ".Add<AuthFeature>()"),
        }));
    }

    [Test]
    public void HostBuild_AuthRouteWithoutAuthFeature_ThrowsNamingTheRoute()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.AddJustScale(cluster => cluster
            .Add(InMemoryRepository.For<User>())
            .Add(InMemoryRepository.For<Session>())
            .Add(Profile));

        // Checked when the host creates its container (builder.Build()), before ASP.NET Core's own validation.
        var error = Assert.Throws<DependencyException>(() => builder.Build());

        Assert.That(error!.Message, Does.Contain("  Route GET /profile (Controller /profile \"me\") requires:\n    - SessionService (add .Add<AuthFeature>())\n"));
    }

    [TestCase("Listen")]
    [TestCase("Hosted")]
    public async Task Auth_AuthenticatedRequest_ReadsNoRequestServices(string style)
    {
        await using var server = await StartAsync(style);
        var user = await server.Services.GetRequiredService<UserService>().RegisterAsync("ada@example.com", "correct horse battery staple");
        var session = await server.Services.GetRequiredService<SessionService>().CreateAsync(user);
        server.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);

        using var first = await server.Http.GetAsync(new Uri("/profile", UriKind.Relative));
        using var second = await server.Http.GetAsync(new Uri("/profile", UriKind.Relative));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await first.Content.ReadAsStringAsync(), Is.EqualTo("""{"email":"ada@example.com","reads":0}"""));
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo("""{"email":"ada@example.com","reads":0}"""));
    }

    [TestCase("Listen")]
    [TestCase("Hosted")]
    public async Task OptionalAuth_AnonymousRequest_ReadsNoRequestServices(string style)
    {
        await using var server = await StartAsync(style);

        using var response = await server.Http.GetAsync(new Uri("/profile/maybe", UriKind.Relative));

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"anonymous":true,"reads":0}"""));
    }

    [TestCase("Listen")]
    [TestCase("Hosted")]
    public async Task Counter_HandlerReadingServices_CountsTheRead(string style)
    {
        await using var server = await StartAsync(style);

        using var response = await server.Http.GetAsync(new Uri("/profile/scoped", UriKind.Relative));

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"services":true,"reads":1}"""), "the counter sees a read, so 0 above means none");
    }

    private static int Reads(IRequestContext context) =>
        context.HttpContext.Features.Get<IServiceProvidersFeature>() is CountingRequestServices counting ? counting.Reads : -1;

    private static void Compose(ClusterBuilder builder) => builder
        .Add(InMemoryRepository.For<User>())
        .Add(InMemoryRepository.For<Session>())
        .Add<AuthFeature>()
        .Add(Profile)
        .Use((ctx, next) =>
        {
            // Counts every read of ctx.Services / HttpContext.RequestServices from here on: the route's steps and handler.
            // The host creates its feature on first read, so one read before counting makes it exist in both styles.
            var features = ctx.HttpContext.Features;
            _ = ctx.HttpContext.RequestServices;
            features.Set<IServiceProvidersFeature>(new CountingRequestServices(features.GetRequiredFeature<IServiceProvidersFeature>()));
            return next();
        });

    private static async Task<RunningServer> StartAsync(string style)
    {
        if (style == "Hosted")
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.AddJustScale(Compose);
            var app = builder.Build();
            app.MapJustScale();
            await app.StartAsync();
            return new RunningServer(app.Services, new HttpClient { BaseAddress = new Uri(app.Urls.First()) }, app.DisposeAsync);
        }

        var clusterBuilder = new ClusterBuilder();
        Compose(clusterBuilder);
        var cluster = clusterBuilder.Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();
        var server = await HttpHost.Listen(cluster, new ListenOptions { Port = 0 });
        return new RunningServer(cluster.Services, new HttpClient { BaseAddress = server.Url }, async () =>
        {
            await server.DisposeAsync();
            await cluster.DisposeAsync();
        });
    }

    private sealed class CountingRequestServices(IServiceProvidersFeature inner) : IServiceProvidersFeature
    {
        public int Reads { get; private set; }

        public IServiceProvider RequestServices
        {
            get
            {
                Reads++;
                return inner.RequestServices;
            }

            set => inner.RequestServices = value;
        }
    }

    private sealed class RunningServer(IServiceProvider services, HttpClient http, Func<ValueTask> stop) : IAsyncDisposable
    {
        public IServiceProvider Services { get; } = services;

        public HttpClient Http { get; } = http;

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await stop();
        }
    }
}
