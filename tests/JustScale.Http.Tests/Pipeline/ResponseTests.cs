using System.Net;
using JustScale.Http.Tests.Support;
using Microsoft.AspNetCore.Http;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Pipeline;

[TestFixture]
public sealed class ResponseTests
{
    private LiveServer? _live;

    private LiveServer Server => _live ?? throw new InvalidOperationException("The server is not started.");

    [OneTimeSetUp]
    public async Task StartAsync() => _live = await LiveServer.StartAsync(Controller.Create("", () => new()
    {
        ["firstWins"] = Get("/first-wins").Handle(ctx =>
        {
            ctx.Res.Status(409).Json(new { error = "Email already registered" });
            ctx.Res.Json(new { token = "second" });
            ctx.Res.Status(500).End();
        }),
        ["endFirst"] = Get("/end-first").Handle(ctx =>
        {
            ctx.Res.Status(202).End();
            ctx.Res.Json(new { ignored = true });
        }),
        ["noContent"] = Delete("/session").Handle(ctx => ctx.Res.Status(204).End()),
        ["noContentJson"] = Delete("/session-json").Handle(ctx => ctx.Res.Status(204).Json(new { ignored = true })),
        ["headers"] = Get("/headers").Handle(ctx =>
        {
            ctx.Res.Header("X-Request-Id", "abc").Header("Cache-Control", "no-store").Json(new { ok = true });
            ctx.Res.Header("X-Too-Late", "1");
        }),
        ["state"] = Get("/state").Handle(ctx =>
        {
            var before = (ctx.Res.HasStarted, ctx.Res.StatusCode);
            ctx.Res.Status(201);
            var pending = ctx.Res.StatusCode;
            ctx.Res.Json(new { before.HasStarted, before.StatusCode, pending });
        }),
        ["serializationFails"] = Get("/serialization-fails").Handle(ctx => ctx.Res.Json(new { self = new Loop() })),
        ["badStatus"] = Get("/bad-status").Handle(ctx => ctx.Res.Status(99)),
        ["escapeHatch"] = Get("/escape").Handle(async ctx =>
        {
            ctx.HttpContext.Response.ContentType = "text/plain";
            await ctx.HttpContext.Response.WriteAsync("raw", ctx.RequestAborted);
            ctx.Res.Json(new { ignored = true });
        }),
    }));

    [OneTimeTearDown]
    public async Task StopAsync() => await Server.DisposeAsync();

    [Test]
    public async Task Json_CalledAfterAWrite_IsIgnoredFirstWriteWins()
    {
        using var response = await Server.Client.GetAsync("/first-wins");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Email already registered"}"""));
    }

    [Test]
    public async Task End_ThenJson_KeepsTheEmptyResponse()
    {
        using var response = await Server.Client.GetAsync("/end-first");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await response.ReadTextAsync(), Is.Empty);
    }

    [TestCase("/session")]
    [TestCase("/session-json")]
    public async Task Status204_AnswersWithoutBody(string path)
    {
        using var response = await Server.Client.DeleteAsync(new Uri(path, UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await response.ReadTextAsync(), Is.Empty);
    }

    [Test]
    public async Task Header_SetBeforeWrite_IsSentAndAfterWriteIsIgnored()
    {
        using var response = await Server.Client.GetAsync("/headers");

        Assert.That(response.Headers.GetValues("X-Request-Id"), Is.EqualTo(new[] { "abc" }));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(response.Headers.Contains("X-Too-Late"), Is.False);
    }

    [Test]
    public async Task StatusCode_BeforeWrite_ReportsThePendingStatus()
    {
        using var response = await Server.Client.GetAsync("/state");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"hasStarted":false,"statusCode":200,"pending":201}"""));
    }

    [Test]
    public async Task Json_ValueThatCannotBeSerialized_Returns500NotAHalfWrittenBody()
    {
        using var response = await Server.Client.GetAsync("/serialization-fails");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Internal Server Error"}"""));
    }

    [Test]
    public async Task Status_OutOfRange_Returns500()
    {
        using var response = await Server.Client.GetAsync("/bad-status");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
    }

    [Test]
    public async Task Json_AfterWritingThroughHttpContext_IsIgnored()
    {
        using var response = await Server.Client.GetAsync("/escape");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("raw"));
    }

    /// <summary>An object graph with a cycle, which JSON cannot represent.</summary>
    public sealed class Loop
    {
        /// <summary>Gets this same object.</summary>
        public Loop Self => this;
    }
}
