using System.Collections.Concurrent;
using System.Net;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Pipeline;

[TestFixture]
public sealed class ClusterMiddlewareTests
{
    private static readonly Controller Sample = Controller.Create("", () => new()
    {
        ["ok"] = Get("/ok").Handle(ctx => ctx.Res.Json(new { ok = true })),
        ["conflict"] = Post("/register").Handle(_ => throw new DuplicateEmailException()),
        ["unauthorized"] = Get("/me")
            .Use<RequestContext>(_ => throw new JustScaleException("Invalid or expired session", 401))
            .Handle(ctx => ctx.Res.Json(new { reached = true })),
        ["denied"] = Get("/denied").Guard(_ => ValueTask.FromResult(false)).Handle(_ => { }),
        ["other"] = Get("/other").Handle(_ => throw new InvalidOperationException("not mine")),
    });

    [Test]
    public async Task Use_TwoMiddleware_WrapEveryRouteOutermostFirst()
    {
        var trail = new ConcurrentQueue<string>();
        await using var server = await LiveServer.StartAsync(builder => builder
            .Add(Sample)
            .Use(async (_, next) =>
            {
                trail.Enqueue("outer:before");
                await next();
                trail.Enqueue("outer:after");
            })
            .Use(async (ctx, next) =>
            {
                trail.Enqueue($"inner:before:{ctx.HttpContext.Request.Path}");
                await next();
                trail.Enqueue($"inner:after:{ctx.Res.StatusCode}");
            }));

        using var response = await server.Client.GetAsync("/ok");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(trail, Is.EqualTo(new[] { "outer:before", "inner:before:/ok", "inner:after:200", "outer:after" }));
    }

    [Test]
    public async Task Use_ErrorHandlerFromTheDocs_AnswersWhatHandlersAndMiddlewareThrow()
    {
        await using var server = await LiveServer.StartAsync(builder => builder
            .Add(Sample)
            .Use(async (ctx, next) =>
            {
                try
                {
                    await next();
                }
                catch (JustScaleException e) when (e.StatusCode == 401)
                {
                    ctx.Res.Status(401).Json(new { error = e.Message, handledBy = "app" });
                }
                catch (DuplicateEmailException)
                {
                    ctx.Res.Status(409).Json(new { error = "Email already registered" });
                }
            }));

        using var conflict = await server.Client.PostAsync("/register", Support.Http.Json("{}"));
        using var unauthorized = await server.Client.GetAsync("/me");
        using var other = await server.Client.GetAsync("/other");

        Assert.That(conflict.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await conflict.ReadTextAsync(), Is.EqualTo("""{"error":"Email already registered"}"""));
        Assert.That(unauthorized.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await unauthorized.ReadTextAsync(), Is.EqualTo("""{"error":"Invalid or expired session","handledBy":"app"}"""));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await other.ReadTextAsync(), Is.EqualTo("""{"error":"Internal Server Error"}"""));
    }

    [Test]
    public async Task Use_MiddlewareAfterNext_SeesGuardsForbiddenResponse()
    {
        int? seen = null;
        await using var server = await LiveServer.StartAsync(builder => builder
            .Add(Sample)
            .Use(async (ctx, next) =>
            {
                await next();
                seen = ctx.Res.StatusCode;
            }));

        using var response = await server.Client.GetAsync("/denied");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(seen, Is.EqualTo(403));
    }

    [Test]
    public async Task Use_MiddlewareAnswersWithoutCallingNext_HandlerDoesNotRun()
    {
        await using var server = await LiveServer.StartAsync(builder => builder
            .Add(Sample)
            .Use((ctx, _) =>
            {
                ctx.Res.Status(503).Json(new { error = "Maintenance" });
                return ValueTask.CompletedTask;
            }));

        using var response = await server.Client.GetAsync("/ok");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Maintenance"}"""));
    }

    [Test]
    public async Task Use_UnmatchedPath_DoesNotRunClusterMiddleware()
    {
        var calls = 0;
        await using var server = await LiveServer.StartAsync(builder => builder
            .Add(Sample)
            .Use((_, next) =>
            {
                Interlocked.Increment(ref calls);
                return next();
            }));

        using var response = await server.Client.GetAsync("/missing");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(calls, Is.Zero);
    }

    [Test]
    public async Task Use_FromAFeature_WrapsRoutesLikeBuilderMiddleware()
    {
        await using var server = await LiveServer.StartAsync(builder => builder.Add(Sample).Add(new ConflictFeature()));

        using var response = await server.Client.PostAsync("/register", Support.Http.Json("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"handled by the feature"}"""));
    }

    private sealed class ConflictFeature : Feature
    {
        public override void Configure(ComponentContext context) =>
            context.Use(async (ctx, next) =>
            {
                try
                {
                    await next();
                }
                catch (DuplicateEmailException)
                {
                    ctx.Res.Status(409).Json(new { error = "handled by the feature" });
                }
            });
    }

    private sealed class DuplicateEmailException() : JustScaleException("User with email already exists", 409, "user_exists");
}
