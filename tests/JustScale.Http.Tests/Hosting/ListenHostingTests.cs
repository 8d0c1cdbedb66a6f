using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using JustScale.Core;
using JustScale.Http.Tests.Hosted;
using JustScale.Http.Tests.Support;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Hosting;

/// <summary>What the Listen style shares with the hosted one: CORS ahead of routing, a request scope, and the error log.</summary>
[TestFixture]
public sealed class ListenHostingTests
{
    private static readonly Controller Routes = Controller.Create("/items", () => new()
    {
        ["create"] = Post("/").Handle(ctx => ctx.Res.Status(201).Json(new { created = true })),
        ["list"] = Get("/").Handle(ctx => ctx.Res.Json(new { items = Array.Empty<string>() })),
        ["down"] = Get("/down").Handle(_ => throw new JustScaleException("Database unavailable", 503, "database_unavailable")),
        ["broken"] = Get("/broken").Handle(_ => throw new InvalidOperationException("boom")),
    });

    [Test]
    public async Task Cors_Preflight_AnsweredBefore404And405_ForTheListedOriginOnly()
    {
        var cors = new CorsPolicyBuilder("https://app.example").AllowAnyHeader().AllowAnyMethod().Build();
        await using var server = await LiveServer.StartAsync(builder => builder.Add(Routes), new ListenOptions { Port = 0, Cors = cors });

        using var onRoute = await server.Client.PreflightAsync("/items", "https://app.example", "POST");
        using var unknownPath = await server.Client.PreflightAsync("/nowhere", "https://app.example", "PUT");
        using var unlisted = await server.Client.PreflightAsync("/items", "https://evil.example", "POST");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/items") { Headers = { { "Origin", "https://app.example" } } };
        using var created = await server.Client.SendAsync(post);

        Assert.That(onRoute.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(onRoute.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "https://app.example" }));
        Assert.That(onRoute.Headers.GetValues("Access-Control-Allow-Headers").Single(), Does.Contain("authorization"));
        Assert.That(unknownPath.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(unlisted.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(created.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "https://app.example" }));
    }

    [Test]
    public async Task Cors_NotConfigured_NoCorsHeadersAndPreflightIs404()
    {
        await using var server = await LiveServer.StartAsync(Routes);

        using var preflight = await server.Client.PreflightAsync("/items", "https://app.example", "POST");

        Assert.That(preflight.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(preflight.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [Test]
    public async Task CtxServices_ScopedServiceOfTheCluster_OneInstancePerRequestDisposedAfterIt()
    {
        var created = new ConcurrentBag<RequestScopeProbe>();
        var controller = Controller.Create("/scope", () => new()
        {
            ["get"] = Get("/").Handle(ctx => ctx.Res.Json(new
            {
                first = ctx.Services.GetRequiredService<RequestScopeProbe>().Id,
                second = ctx.Services.GetRequiredService<RequestScopeProbe>().Id,
            })),
        });
        await using var server = await LiveServer.StartAsync(builder => builder
            .Add(controller)
            .ConfigureServices(services => services.AddSingleton(created).AddScoped<RequestScopeProbe>()));

        var one = JsonDocument.Parse(await server.Client.GetStringAsync("/scope")).RootElement;
        var two = JsonDocument.Parse(await server.Client.GetStringAsync("/scope")).RootElement;

        Assert.That(one.GetProperty("first").GetInt32(), Is.EqualTo(one.GetProperty("second").GetInt32()));
        Assert.That(two.GetProperty("first").GetInt32(), Is.Not.EqualTo(one.GetProperty("first").GetInt32()));
        Assert.That(() => created.Count == 2 && created.All(p => p.IsDisposed), Is.True.After(2000, 20));
    }

    [Test]
    public async Task ErrorLog_RepeatedOutage_OneWarningPerBurstWithoutStackTrace()
    {
        await using var server = await LiveServer.StartAsync(Routes);

        for (var i = 0; i < 20; i++)
        {
            using var response = await server.Client.GetAsync("/items/down");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        }

        var warnings = server.Logs.GetSnapshot().Where(e => e.Category == "JustScale.Http" && e.Level == LogLevel.Warning).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0].Message, Does.Contain("GET /items/down answered 503 (database_unavailable)").And.Contain("Database unavailable"));
        Assert.That(warnings[0].Exception, Is.Null, "no cause, no stack trace");
    }

    [Test]
    public async Task ErrorLog_Unhandled500_NamesRouteAndTraceIdWithTheException()
    {
        await using var server = await LiveServer.StartAsync(Routes);

        using var response = await server.Client.GetAsync("/items/broken");

        var error = server.Logs.GetSnapshot().Single(e => e.Category == "JustScale.Http" && e.Level == LogLevel.Error);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(error.Message, Does.Match("^Unhandled exception in GET /items/broken \\(trace [^ )]+\\); answered 500$"));
        Assert.That(error.Exception, Is.TypeOf<InvalidOperationException>());
    }
}
