using System.Net;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Dependencies;

/// <summary>Pins declared dependencies of middleware and guards: checked at Build (or when routes compile), resolved once, scoped ones per request.</summary>
[TestFixture]
public sealed class DeclaredDependencyTests
{
    private static Controller Stamps { get; } = Controller.Create("/stamp", () => new()
    {
        ["attribute"] = Get("/attribute").Use(Stamping.Stamp).Handle(ctx => ctx.Res.Json(new { ctx.Stamp })),
        ["factory"] = Get("/factory").Use(Stamping.Created).Handle(ctx => ctx.Res.Json(new { ctx.Stamp })),
    });

    private static Controller Guarded { get; } = Controller.Create("/hello", () => new()
    {
        ["hello"] = Get("/:name").Guard(Stamping.Allowed).Handle(ctx => ctx.Res.Json(new { hello = ctx.Params["name"] })),
    });

    [Test]
    public void Build_MiddlewareServiceMissing_NamesTheRouteTheServiceAndTheFix()
    {
        var builder = new ClusterBuilder().Add(Stamps);

        var error = Assert.Throws<DependencyException>(() => builder.Build());

        Assert.That(error!.Message, Does.StartWith(
            "Missing dependencies:\n\n  Route GET /stamp/attribute (Controller /stamp \"attribute\") requires:\n    - Stamper (add .Provide<Stamper>())\n\n"
            + "  Route GET /stamp/factory (Controller /stamp \"factory\") requires:\n    - Stamper\n"));
        Assert.That(error.Missing.Select(m => m.RequiredType).Distinct(), Is.EqualTo(new[] { typeof(Stamper) }));
    }

    [Test]
    public void Build_GuardServiceMissing_NamesTheRoute()
    {
        var builder = new ClusterBuilder().Add(Guarded);

        var error = Assert.Throws<DependencyException>(() => builder.Build());

        Assert.That(error!.Message, Does.Contain("  Route GET /hello/{name} (Controller /hello \"hello\") requires:\n    - AllowList\n"));
    }

    [Test]
    public void Build_LambdaWithInjectAttributeMissingItsService_NamesTheRoute()
    {
        var controller = Controller.Create("/lambda", () => new()
        {
            ["tagged"] = Get("/").Use([Inject(typeof(Stamper))] (RequestContext ctx) => ValueTask.FromResult(ctx)).Handle(ctx => ctx.Res.Json(new { ok = true })),
        });

        var error = Assert.Throws<DependencyException>(() => new ClusterBuilder().Add(controller).Build());

        Assert.That(error!.Message, Does.Contain("  Route GET /lambda (Controller /lambda \"tagged\") requires:\n    - Stamper\n"));
    }

    [Test]
    public void Build_ServiceProvided_Succeeds()
    {
        Assert.DoesNotThrow(() => new ClusterBuilder().Add(Stamps).Add(Guarded).Provide<Stamper>().Provide(new AllowList("ada")).Build());
    }

    [Test]
    public void HostBuild_MiddlewareServiceMissing_NamesTheRoute()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddJustScale(cluster => cluster.Add(Stamps));

        // Checked when the host creates its container: JustScale's report comes before the app exists.
        var error = Assert.Throws<DependencyException>(() => builder.Build());

        Assert.That(error!.Message, Does.Contain("  Route GET /stamp/attribute (Controller /stamp \"attribute\") requires:\n    - Stamper (add .Provide<Stamper>())\n"));
    }

    [Test]
    public async Task Listen_ControllerWithServicesWhoseRouteMissesAService_ThrowsNamingTheRoute()
    {
        // Its routes exist only once the cluster compiled (the lambda needs the Stamper), so Listen checks them.
        var controller = Controller.Create("/late", (Stamper stamper) => new()
        {
            ["guarded"] = Get("/:name").Guard(Stamping.Allowed).Handle(ctx => ctx.Res.Json(new { stamper.Id })),
        });
        await using var cluster = new ClusterBuilder().Add(controller).Provide<Stamper>().Build();
        await cluster.CompileAsync();

        var error = Assert.ThrowsAsync<DependencyException>(() => HttpHost.Listen(cluster, new ListenOptions { Port = 0 }));

        Assert.That(error!.Message, Does.StartWith("Missing dependencies:\n\n  Route GET /late/{name} (Controller /late \"guarded\") requires:\n    - AllowList\n"));
        Assert.That(error.Missing.Select(m => m.RequiredType), Is.EqualTo(new[] { typeof(AllowList) }));
    }

    [TestCaseSource(typeof(TestServers), nameof(TestServers.Styles))]
    public async Task Middleware_DeclaredSingleton_IsTheClustersInstance(string style)
    {
        var stamper = new Stamper();
        await using var server = await TestServers.StartAsync(style, Stamps, new Provided<Stamper>(stamper));

        using var attribute = await server.Client.GetAsync("/stamp/attribute");
        using var factory = await server.Client.GetAsync("/stamp/factory");

        Assert.That(await attribute.ReadTextAsync(), Is.EqualTo($$"""{"stamp":"{{stamper.Id}}"}"""));
        Assert.That(await factory.ReadTextAsync(), Is.EqualTo($$"""{"stamp":"{{stamper.Id}}"}"""));
    }

    [TestCaseSource(typeof(TestServers), nameof(TestServers.Styles))]
    public async Task Guard_DeclaredService_DecidesWithIt(string style)
    {
        await using var server = await TestServers.StartAsync(style, Guarded, new Provided<AllowList>(new AllowList("ada")));

        using var allowed = await server.Client.GetAsync("/hello/ada");
        using var refused = await server.Client.GetAsync("/hello/bob");

        Assert.That(await allowed.ReadTextAsync(), Is.EqualTo("""{"hello":"ada"}"""));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCaseSource(typeof(TestServers), nameof(TestServers.Styles))]
    public async Task Middleware_DeclaredScopedService_IsTheRequestsInstance(string style)
    {
        var controller = Controller.Create("/scoped", () => new()
        {
            ["probe"] = Get("/").Use(Stamping.StampPerRequest).Handle(ctx => ctx.Res.Json(new
            {
                same = ctx.Stamp == ctx.Services.GetRequiredService<PerRequest>().Id,
                ctx.Stamp,
            })),
        });
        await using var server = await TestServers.StartAsync(style, controller, new ScopedRegistration());

        using var first = await server.Client.GetAsync("/scoped");
        using var second = await server.Client.GetAsync("/scoped");
        var firstText = await first.ReadTextAsync();

        Assert.That(firstText, Does.StartWith("""{"same":true,"""));
        Assert.That(await second.ReadTextAsync(), Does.StartWith("""{"same":true,""").And.Not.EqualTo(firstText));
    }

    /// <summary>Provides an instance, as <c>ClusterBuilder.Provide(instance)</c> does, for tests that pass components.</summary>
    private sealed class Provided<T>(T instance) : IClusterComponent where T : class
    {
        public void Configure(ComponentContext context) => context.Provide(instance);
    }

    /// <summary>Registers <see cref="PerRequest"/> as scoped, unchecked by the graph as any ConfigureServices registration.</summary>
    private sealed class ScopedRegistration : IClusterComponent
    {
        public void Configure(ComponentContext context) => context.ConfigureServices(services => services.AddScoped<PerRequest>());
    }
}
