using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Hosted;

/// <summary>The hosted style over real Kestrel: AddJustScale and MapJustScale inside an ordinary WebApplication.</summary>
[TestFixture]
public sealed class HostedStyleTests
{
    private static readonly Controller Hello = Controller.Create("/hello", () => new()
    {
        ["get"] = Get("/").Handle(ctx => ctx.Res.Json(new { hello = "world", ip = ctx.ClientIp })),
        ["post"] = Post("/").Handle(ctx => ctx.Res.Status(201).Json(new { created = true })),
    });

    [Test]
    public async Task MapJustScale_RoutesBesideTheAppsOwnEndpoints_BothServedAndUnknownPathIsJson404()
    {
        await using var server = await HostedServer.StartAsync(
            cluster => cluster.Add(Hello),
            pipeline: app => app.MapGet("/own", () => "own endpoint"));

        var hello = await server.Client.GetStringAsync("/hello");
        var own = await server.Client.GetStringAsync("/own");
        using var missing = await server.Client.GetAsync("/nowhere");
        using var wrongMethod = await server.Client.DeleteAsync("/hello");

        Assert.That(JsonDocument.Parse(hello).RootElement.GetProperty("hello").GetString(), Is.EqualTo("world"));
        Assert.That(own, Is.EqualTo("own endpoint"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await missing.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"Not Found"}"""));
        Assert.That(wrongMethod.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "as with Listen: a known path with another method is 404");
    }

    [Test]
    public async Task AddJustScale_OneContainer_ClusterServicesFromHostAndHostServicesInControllers()
    {
        var controller = Controller.Create("/info", (IConfiguration configuration, IHttpClientFactory clients, ILogger<HostedStyleTests> logger, HostGreeting greeting) =>
            new RouteTable
            {
                ["get"] = Get("/").Handle(ctx => ctx.Res.Json(new
                {
                    setting = configuration["Greeting:Word"],
                    greeting = greeting.Word,
                    client = clients.CreateClient() is not null,
                    logs = logger.IsEnabled(LogLevel.Information),
                })),
            });
        await using var server = await HostedServer.StartAsync(
            cluster => cluster.Add(controller).Provide<ClusterCounter>(),
            services: builder =>
            {
                builder.Configuration["Greeting:Word"] = "configured";
                builder.Services.AddHttpClient();
                builder.Services.AddSingleton(new HostGreeting("from the host"));
            });

        var body = JsonDocument.Parse(await server.Client.GetStringAsync("/info")).RootElement;

        Assert.That(body.GetProperty("setting").GetString(), Is.EqualTo("configured"));
        Assert.That(body.GetProperty("greeting").GetString(), Is.EqualTo("from the host"));
        Assert.That(body.GetProperty("client").GetBoolean(), Is.True);
        Assert.That(body.GetProperty("logs").GetBoolean(), Is.True);
        Assert.That(server.App.Services.GetRequiredService<ClusterCounter>(), Is.SameAs(server.App.Services.GetRequiredService<Core.Cluster>().Resolve<ClusterCounter>()));
    }

    [Test]
    public async Task CtxServices_ScopedService_OneInstancePerRequestDisposedAfterIt()
    {
        var created = new ConcurrentBag<RequestScopeProbe>();
        var controller = Controller.Create("/scope", () => new()
        {
            ["get"] = Get("/").Handle(ctx =>
            {
                var first = ctx.Services.GetRequiredService<RequestScopeProbe>();
                var second = ctx.Services.GetRequiredService<RequestScopeProbe>();
                ctx.Res.Json(new { first = first.Id, second = second.Id });
            }),
        });
        await using var server = await HostedServer.StartAsync(
            cluster => cluster.Add(controller),
            services: builder => builder.Services.AddSingleton(created).AddScoped<RequestScopeProbe>());

        var one = JsonDocument.Parse(await server.Client.GetStringAsync("/scope")).RootElement;
        var two = JsonDocument.Parse(await server.Client.GetStringAsync("/scope")).RootElement;

        Assert.That(one.GetProperty("first").GetInt32(), Is.EqualTo(one.GetProperty("second").GetInt32()));
        Assert.That(two.GetProperty("first").GetInt32(), Is.Not.EqualTo(one.GetProperty("first").GetInt32()));
        Assert.That(created, Has.Count.EqualTo(2));
        Assert.That(() => created.All(p => p.IsDisposed), Is.True.After(2000, 20));
    }

    [Test]
    public async Task Host_StartsClusterBeforeServingAndStopsItAfter()
    {
        var journal = new ConcurrentQueue<string>();
        var controller = Controller.Create("/life", (Lifecycle life) => new RouteTable
        {
            ["get"] = Get("/").Handle(ctx =>
            {
                journal.Enqueue($"request while started={life.Started}");
                ctx.Res.Json(new { ok = true });
            }),
        });
        var server = await HostedServer.StartAsync(
            cluster => cluster.Add(controller).Provide<Lifecycle>(),
            services: builder => builder.Services.AddSingleton(journal));

        await server.Client.GetStringAsync("/life");
        await server.DisposeAsync();

        Assert.That(journal, Is.EqualTo(new[] { "start", "request while started=True", "stop" }));
    }

    [Test]
    public void HostBuild_ControllerNeedsAServiceNobodyProvides_FailsThereNamingIt()
    {
        var controller = Controller.Create("/needs", (HostGreeting greeting) => new RouteTable
        {
            ["get"] = Get("/").Handle(ctx => ctx.Res.Json(new { greeting.Word })),
        });
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddJustScale(cluster => cluster.Add(controller));

        var error = Assert.Throws<DependencyException>(() => builder.Build())!;

        Assert.That(error.Message, Does.Contain("requires:").And.Contain("- HostGreeting"));
        Assert.That(error.Missing.Select(m => m.RequiredType), Is.EqualTo(new[] { typeof(HostGreeting) }));
    }

    [Test]
    public async Task MapJustScale_WithoutAddJustScale_SaysWhatToCall()
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();

        Assert.That(() => app.MapJustScale(), Throws.InvalidOperationException.With.Message.Contains("builder.AddJustScale("));
    }

    [Test]
    public void AddJustScale_Twice_IsRefused()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddJustScale(cluster => cluster.Add(Hello));

        Assert.That(() => builder.AddJustScale(cluster => cluster.Add(Hello)), Throws.InvalidOperationException.With.Message.Contains("one call"));
    }

    [Test]
    public async Task MapJustScale_Twice_IsRefused()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddJustScale(cluster => cluster.Add(Hello));
        await using var app = builder.Build();
        app.MapJustScale();

        Assert.That(() => app.MapJustScale(), Throws.InvalidOperationException.With.Message.Contains("already"));
    }

    [Test]
    public async Task UseCors_Preflight_AnsweredForJustScaleRoutesOnlyForTheListedOrigin()
    {
        await using var server = await HostedServer.StartAsync(
            cluster => cluster.Add(Hello),
            services: builder => builder.Services.AddCors(cors => cors.AddDefaultPolicy(p => p.WithOrigins("https://app.example").AllowAnyHeader().AllowAnyMethod())),
            pipeline: app => app.UseCors());

        using var listed = await server.Client.PreflightAsync("/hello", "https://app.example");
        using var unlisted = await server.Client.PreflightAsync("/hello", "https://evil.example");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hello") { Headers = { { "Origin", "https://app.example" } } };
        using var actual = await server.Client.SendAsync(request);

        Assert.That(listed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(listed.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "https://app.example" }));
        Assert.That(unlisted.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        Assert.That(actual.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(actual.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "https://app.example" }));
    }

    [Test]
    public async Task RequireCors_NamedPolicyOnTheRoutes_PreflightAnsweredAndHandlerNeverRunsForOptions()
    {
        var posted = 0;
        var controller = Controller.Create("/named", () => new()
        {
            ["post"] = Post("/").Handle(ctx =>
            {
                Interlocked.Increment(ref posted);
                ctx.Res.Json(new { posted = true });
            }),
        });
        await using var server = await HostedServer.StartAsync(
            cluster => cluster.Add(controller),
            services: builder => builder.Services.AddCors(cors => cors.AddPolicy("web", p => p.WithOrigins("https://app.example").AllowAnyHeader().AllowAnyMethod())),
            pipeline: app => app.UseCors(),
            routes: routes => routes.RequireCors("web"));

        using var listed = await server.Client.PreflightAsync("/named", "https://app.example");
        using var unlisted = await server.Client.PreflightAsync("/named", "https://evil.example");

        Assert.That(listed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(listed.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "https://app.example" }));
        Assert.That(unlisted.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        Assert.That(posted, Is.Zero);
    }

    [Test]
    public async Task RequireCors_WithoutCorsMiddleware_RefusedByAspNetCoreAndHandlerNeverRuns()
    {
        var posted = 0;
        var controller = Controller.Create("/named", () => new()
        {
            ["post"] = Post("/").Handle(_ => Interlocked.Increment(ref posted)),
        });
        await using var server = await HostedServer.StartAsync(
            cluster => cluster.Add(controller),
            services: builder => builder.Services.AddCors(cors => cors.AddPolicy("web", p => p.WithOrigins("https://app.example"))),
            routes: routes => routes.RequireCors("web"));

        using var preflight = await server.Client.PreflightAsync("/named", "https://app.example");

        // ASP.NET Core's endpoint middleware refuses an endpoint with CORS metadata when no CORS middleware ran.
        Assert.That(preflight.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(posted, Is.Zero);
    }

    [Test]
    public async Task HostPipeline_MiddlewareAndForwardedHeaders_WrapJustScaleRoutes()
    {
        await using var server = await HostedServer.StartAsync(
            cluster => cluster.Add(Hello),
            services: builder => builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor),
            pipeline: app =>
            {
                app.UseForwardedHeaders(); // loopback is a known proxy by default
                app.Use((http, next) =>
                {
                    http.Response.Headers["X-Host-Middleware"] = "ran";
                    return next(http);
                });
            });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hello") { Headers = { { "X-Forwarded-For", "203.0.113.7" } } };

        using var response = await server.Client.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(response.Headers.GetValues("X-Host-Middleware"), Is.EqualTo(new[] { "ran" }));
        Assert.That(body.GetProperty("ip").GetString(), Is.EqualTo("203.0.113.7"));
    }

    [Test]
    public async Task Head_GetRoute_AnswersStatusAndHeadersWithoutBody()
    {
        await using var server = await HostedServer.StartAsync(cluster => cluster.Add(Hello));

        using var response = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/hello"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task MapJustScale_Conventions_ReachEveryRoute()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddJustScale(cluster => cluster.Add(Hello));
        await using var app = builder.Build();

        app.MapJustScale().WithMetadata(new RouteTag("justscale"));
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText == "/hello").ToList();

        Assert.That(endpoints, Has.Count.EqualTo(2));
        Assert.That(endpoints.Select(e => e.Metadata.GetMetadata<RouteTag>()?.Name), Is.All.EqualTo("justscale"));
    }

    /// <summary>A host singleton injected into a controller.</summary>
    public sealed record HostGreeting(string Word);

    /// <summary>Metadata a convention adds.</summary>
    public sealed record RouteTag(string Name);

    /// <summary>A cluster service resolved from the host.</summary>
    public sealed class ClusterCounter;

    /// <summary>A cluster service that records the cluster's start and stop in a journal the host provides.</summary>
    public sealed class Lifecycle(ConcurrentQueue<string> journal) : IClusterLifecycle
    {
        public bool Started { get; private set; }

        public ValueTask OnStartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            journal.Enqueue("start");
            return ValueTask.CompletedTask;
        }

        public ValueTask OnStopAsync(CancellationToken cancellationToken)
        {
            Started = false;
            journal.Enqueue("stop");
            return ValueTask.CompletedTask;
        }
    }
}
