using System.Collections.Concurrent;
using System.Net;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using static JustScale.Http.Routes;
using static JustScale.Http.Tests.Support.Tagging;

namespace JustScale.Http.Tests.Pipeline;

[TestFixture]
public sealed class RoutePipelineTests
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Trails = new();

    private LiveServer? _live;

    private LiveServer Server => _live ?? throw new InvalidOperationException("The server is not started.");

    [OneTimeSetUp]
    public async Task StartAsync() => _live = await LiveServer.StartAsync(Controller.Create("", () => new()
    {
        ["order"] = Get("/order")
            .Use(Step<RequestContext>("use1"))
            .Guard(Pass<RequestContext>("guard1"))
            .Use(SlowStep<RequestContext>("use2"))
            .Guard(Pass<RequestContext>("guard2"))
            .Use(Step<RequestContext>("use3"))
            .Handle(ctx => Trail(ctx).Enqueue("handler")),
        ["firstGuardFails"] = Get("/first-guard-fails")
            .Guard(Deny<RequestContext>("guard1"))
            .Guard(Pass<RequestContext>("guard2"))
            .Handle(ctx => Trail(ctx).Enqueue("handler")),
        ["secondGuardFails"] = Get("/second-guard-fails")
            .Guard(Pass<RequestContext>("guard1"))
            .Guard(Deny<RequestContext>("guard2"))
            .Use(Step<RequestContext>("use"))
            .Handle(ctx => Trail(ctx).Enqueue("handler")),
        ["guardWrites"] = Get("/guard-writes")
            .Guard(ctx =>
            {
                ctx.Res.Status(401).Json(new { error = "Log in first" });
                return ValueTask.FromResult(false);
            })
            .Handle(ctx => ctx.Res.Json(new { reached = true })),
        ["middlewareWrites"] = Get("/middleware-writes")
            .Use(ctx =>
            {
                Trail(ctx).Enqueue("writer");
                ctx.Res.Status(401).Json(new { error = "nope" });
                return ValueTask.FromResult(ctx);
            })
            .Use(Step<RequestContext>("later"))
            .Handle(ctx => Trail(ctx).Enqueue("handler")),
        ["slowMiddlewareWrites"] = Get("/slow-middleware-writes")
            .Use(async ctx =>
            {
                await Task.Delay(20);
                Trail(ctx).Enqueue("writer");
                ctx.Res.Status(401).Json(new { error = "nope" });
                return ctx;
            })
            .Guard(Pass<RequestContext>("guard"))
            .Use(Step<RequestContext>("later"))
            .Handle(ctx => Trail(ctx).Enqueue("handler")),
        ["middlewareThrows"] = Get("/middleware-throws")
            .Use<RequestContext>(_ => throw new JustScaleException("Missing Authorization header", 401))
            .Handle(ctx => ctx.Res.Json(new { reached = true })),
        ["guardThrows"] = Get("/guard-throws")
            .Guard(async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("guard broke");
            })
            .Handle(ctx => ctx.Res.Json(new { reached = true })),
        ["tagged"] = Get("/tagged")
            .Use(Tag)
            .Guard(RequireTag("admin"))
            .Handle(ctx => ctx.Res.Json(new { tag = ctx.Tag, path = ctx.HttpContext.Request.Path.Value })),
        ["taggedAsync"] = Post("/tagged")
            .Use(Tag)
            .Handle(async ctx =>
            {
                await Task.Yield();
                ctx.Res.Json(new { tag = ctx.Tag, body = ctx.Body<Note>().Text, inner = ctx.Inner.GetType().Name });
            }),
    }));

    [OneTimeTearDown]
    public async Task StopAsync() => await Server.DisposeAsync();

    [Test]
    public async Task Route_MiddlewareAndGuards_RunInDeclarationOrderThenHandler()
    {
        var trail = await SendAsync("/order");

        Assert.That(trail.Status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(trail.Steps, Is.EqualTo(new[] { "use1", "guard1", "use2", "guard2", "use3", "handler" }));
    }

    [Test]
    public async Task Guard_FirstOfTwoFails_StopsBeforeSecondAndHandler()
    {
        var trail = await SendAsync("/first-guard-fails");

        Assert.That(trail.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(trail.Steps, Is.EqualTo(new[] { "guard1" }));
    }

    [Test]
    public async Task Guard_SecondOfTwoFails_FirstRanLaterStepsDoNot()
    {
        var trail = await SendAsync("/second-guard-fails");

        Assert.That(trail.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(trail.Body, Is.EqualTo("""{"error":"Forbidden"}"""));
        Assert.That(trail.Steps, Is.EqualTo(new[] { "guard1", "guard2" }));
    }

    [Test]
    public async Task Guard_WritesItsOwnResponseAndFails_KeepsThatResponse()
    {
        using var response = await Server.Client.GetAsync("/guard-writes");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Log in first"}"""));
    }

    [Test]
    public async Task Middleware_WritesResponse_StopsTheRoute()
    {
        var trail = await SendAsync("/middleware-writes");

        Assert.That(trail.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(trail.Body, Is.EqualTo("""{"error":"nope"}"""));
        Assert.That(trail.Steps, Is.EqualTo(new[] { "writer" }));
    }

    [Test]
    public async Task Middleware_WritesResponseAfterAwaiting_StopsTheRouteWhenItResumes()
    {
        var trail = await SendAsync("/slow-middleware-writes");

        Assert.That(trail.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(trail.Body, Is.EqualTo("""{"error":"nope"}"""));
        Assert.That(trail.Steps, Is.EqualTo(new[] { "writer" }));
    }

    [Test]
    public async Task Middleware_ThrowsExceptionWithStatus_ReturnsThatStatus()
    {
        using var response = await Server.Client.GetAsync("/middleware-throws");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Missing Authorization header"}"""));
    }

    [Test]
    public async Task Guard_ThrowsAfterAwaiting_Returns500()
    {
        using var response = await Server.Client.GetAsync("/guard-throws");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
    }

    [TestCase("admin", HttpStatusCode.OK)]
    [TestCase("guest", HttpStatusCode.Forbidden)]
    [TestCase(null, HttpStatusCode.Forbidden)]
    public async Task TypedMiddleware_GuardOnItsContext_DecidesByTheAddedMember(string? tag, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tagged");
        if (tag is not null)
        {
            request.Headers.Add("X-Tag", tag);
        }

        using var response = await Server.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        if (expected == HttpStatusCode.OK)
        {
            Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"tag":"admin","path":"/tagged"}"""));
        }
    }

    [Test]
    public async Task TypedMiddleware_WrappedContext_ForwardsBodyAndKeepsInner()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tagged") { Content = Support.Http.Json("""{"text":"hi"}""") };
        request.Headers.Add("X-Tag", "t");

        using var response = await Server.Client.SendAsync(request);

        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"tag":"t","body":"hi","inner":"RequestContext"}"""));
    }

    private static Middleware<TContext, TContext> Step<TContext>(string name) where TContext : IRequestContext =>
        context =>
        {
            Trail(context).Enqueue(name);
            return ValueTask.FromResult(context);
        };

    private static Middleware<TContext, TContext> SlowStep<TContext>(string name) where TContext : IRequestContext =>
        async context =>
        {
            await Task.Delay(20);
            Trail(context).Enqueue(name);
            return context;
        };

    private static Guard<TContext> Pass<TContext>(string name) where TContext : IRequestContext =>
        context =>
        {
            Trail(context).Enqueue(name);
            return ValueTask.FromResult(true);
        };

    private static Guard<TContext> Deny<TContext>(string name) where TContext : IRequestContext =>
        async context =>
        {
            await Task.Yield();
            Trail(context).Enqueue(name);
            return false;
        };

    private static ConcurrentQueue<string> Trail(IRequestContext context) =>
        Trails.TryGetValue(context.Headers["X-Trail"].ToString(), out var trail)
            ? trail
            : throw new InvalidOperationException("The request has no X-Trail header.");

    private async Task<Sent> SendAsync(string path)
    {
        var id = Guid.NewGuid().ToString("N");
        var trail = Trails.GetOrAdd(id, _ => new ConcurrentQueue<string>());
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Trail", id);
        using var response = await Server.Client.SendAsync(request);
        return new Sent(response.StatusCode, await response.ReadTextAsync(), [.. trail]);
    }

    private sealed record Sent(HttpStatusCode Status, string Body, string[] Steps);
}
