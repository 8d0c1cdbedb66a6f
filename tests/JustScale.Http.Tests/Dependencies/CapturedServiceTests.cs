using System.Collections.Concurrent;
using System.Text.Json;
using JustScale.Core;
using JustScale.Http.Tests.Hosted;
using JustScale.Http.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Dependencies;

/// <summary>A scoped service captured by a controller, a feature or a singleton is refused at start, listen and hosted, in every environment.</summary>
[TestFixture]
public sealed class CapturedServiceTests
{
    private static readonly Controller Audit = Controller.Create("/audit", (AuditDb db) => new RouteTable
    {
        ["list"] = Get("/").Handle(ctx => ctx.Res.Json(new { db.Id })),
    });

    /// <summary>Takes the scoped service per request from the request's scope: the fix the message points to.</summary>
    private static readonly Controller AuditPerRequest = Controller.Create("/audit", (Greeting greeting) => new RouteTable
    {
        ["list"] = Get("/").Handle(ctx => ctx.Res.Json(new { ctx.Services.GetRequiredService<RequestScopeProbe>().Id, greeting.Word })),
    });

    [Test]
    public void Listen_ControllerCapturesAScopedService_BuildThrowsNamingTheTypeAndTheController()
    {
        var builder = new ClusterBuilder().Add(Audit).ConfigureServices(services => services.AddScoped<AuditDb>());

        var error = Assert.Throws<DependencyException>(() => builder.Build())!;

        Assert.That(error.Message, Does.StartWith("Scoped or transient services captured by singletons:\n\n  Controller /audit captures:\n    - AuditDb (scoped)\n"));
        Assert.That(error.Message, Does.Contain("ctx.Services.GetRequiredService<AuditDb>()"));
    }

    [Test]
    public void Listen_ControllerCapturesATransientService_BuildThrows()
    {
        var builder = new ClusterBuilder().Add(Audit).ConfigureServices(services => services.AddTransient<AuditDb>());

        var error = Assert.Throws<DependencyException>(() => builder.Build())!;

        Assert.That(error.Message, Does.Contain("  Controller /audit captures:\n    - AuditDb (transient)\n"));
    }

    [Test]
    public async Task Listen_ScopedServiceFromCtxServices_ServesOneInstancePerRequest()
    {
        var created = new ConcurrentBag<RequestScopeProbe>();
        await using var cluster = new ClusterBuilder()
            .Add(AuditPerRequest)
            .Provide(new Greeting("hi"))
            .ConfigureServices(services => services.AddSingleton(created).AddScoped<RequestScopeProbe>())
            .Build();
        await cluster.CompileAsync();
        await using var server = await HttpHost.Listen(cluster, new ListenOptions { Port = 0 });
        using var client = new HttpClient { BaseAddress = server.Url };

        var one = JsonDocument.Parse(await client.GetStringAsync("/audit")).RootElement.GetProperty("id").GetInt32();
        var two = JsonDocument.Parse(await client.GetStringAsync("/audit")).RootElement.GetProperty("id").GetInt32();

        Assert.That(two, Is.Not.EqualTo(one));
    }

    [TestCase("Production")]
    [TestCase("Development")]
    public void Hosted_ControllerCapturesAScopedService_HostBuildThrowsJustScalesReport(string environment)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Services.AddScoped<AuditDb>();
        builder.AddJustScale(cluster => cluster.Add(Audit));

        // Production used to start with one AuditDb for every request; Development showed ASP.NET Core's generic message.
        var error = Assert.Throws<DependencyException>(() => builder.Build())!;

        Assert.That(error.Message, Does.Contain("  Controller /audit captures:\n    - AuditDb (scoped)\n"));
        Assert.That(error.Message, Does.Contain("ctx.Services"));
    }

    [TestCase("Production")]
    [TestCase("Development")]
    public void Hosted_FeatureServiceCapturesAScopedService_HostBuildThrowsNamingTheFeature(string environment)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Services.AddScoped<AuditDb>();
        builder.AddJustScale(cluster => cluster.Add(new AuditFeature()));

        var error = Assert.Throws<DependencyException>(() => builder.Build())!;

        Assert.That(error.Message, Does.Contain("  AuditReport (added by AuditFeature) captures:\n    - AuditDb (scoped)\n"));
    }

    [TestCase("Production")]
    [TestCase("Development")]
    public void Hosted_SingletonCapturesAScopedService_HostBuildThrows(string environment)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Services.AddScoped<AuditDb>();
        builder.AddJustScale(cluster => cluster.Provide<AuditReport>());

        var error = Assert.Throws<DependencyException>(() => builder.Build())!;

        Assert.That(error.Message, Does.Contain("  AuditReport captures:\n    - AuditDb (scoped)\n"));
    }

    [Test]
    public void HostedOnServices_ControllerCapturesAScopedService_MapJustScaleThrowsInProduction()
    {
        // services.AddJustScale cannot reach the host's container factory: the same check runs when the cluster compiles.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Services.AddScoped<AuditDb>();
        builder.Services.AddJustScale(cluster => cluster.Add(Audit));
        var app = builder.Build();

        var error = Assert.Throws<DependencyException>(() => app.MapJustScale())!;

        Assert.That(error.Message, Does.Contain("  Controller /audit captures:\n    - AuditDb (scoped)\n"));
    }

    [TestCase("Production")]
    [TestCase("Development")]
    public async Task Hosted_SingletonsAndCtxServices_StartAndServe(string environment)
    {
        var created = new ConcurrentBag<RequestScopeProbe>();
        await using var server = await HostedServer.StartAsync(
            cluster => cluster.Add(AuditPerRequest).Provide<AuditReport>(),
            services: builder => builder.Services.AddSingleton(created).AddScoped<RequestScopeProbe>().AddSingleton(new Greeting("hi")).AddSingleton<AuditDb>(),
            environment: environment);

        var body = JsonDocument.Parse(await server.Client.GetStringAsync("/audit")).RootElement;

        Assert.That(body.GetProperty("word").GetString(), Is.EqualTo("hi"));
        Assert.That(created, Has.Count.EqualTo(1));
    }

    public sealed class AuditDb
    {
        private static int _next;

        public int Id { get; } = Interlocked.Increment(ref _next);
    }

    public sealed class AuditReport(AuditDb db)
    {
        public AuditDb Db { get; } = db;
    }

    public sealed record Greeting(string Word);

    private sealed class AuditFeature : Feature
    {
        public override void Configure(ComponentContext context) => context.Provide<AuditReport>();
    }
}
