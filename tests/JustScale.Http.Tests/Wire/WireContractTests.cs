using System.Net;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using Microsoft.Extensions.Logging;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Wire;

[TestFixture("Listen")]
[TestFixture("Hosted")]
public sealed class WireContractTests(string style)
{
    private static readonly Controller Sample = Controller.Create("/api", () => new()
    {
        ["echo"] = Post("/echo").Handle(ctx => ctx.Res.Json(new { ok = true })),
        ["item"] = Get("/items/:id").Handle(ctx => ctx.Res.Json(new { id = ctx.Params["id"] })),
        ["conflict"] = Get("/conflict").Handle(_ => throw new JustScaleException("Email already registered", 409, "user_exists")),
        ["teapot"] = Get("/teapot").Handle(_ => throw new JustScaleException("Short and stout", 418)),
        ["redirect"] = Get("/redirect").Handle(_ => throw new JustScaleException("Not an error status", 302)),
        ["database"] = Get("/database").Handle(_ => throw new DatabaseUnavailableException(new TimeoutException("pool exhausted at 10.0.0.5"))),
        ["boom"] = Get("/boom").Handle(_ => throw new InvalidOperationException("secret connection string Password=hunter2")),
        ["boomAsync"] = Get("/boom-async").Handle(async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("async kaboom");
        }),
        ["denied"] = Get("/denied").Guard(_ => ValueTask.FromResult(false)).Handle(ctx => ctx.Res.Json(new { reached = true })),
        ["silent"] = Get("/silent").Handle(_ => { }),
        ["silentAsync"] = Post("/silent").Handle(async _ => await Task.Yield()),
    });

    private ITestServer? _live;

    private ITestServer _server => _live ?? throw new InvalidOperationException("The server is not started.");

    [OneTimeSetUp]
    public async Task StartAsync() => _live = await TestServers.StartAsync(style, Sample);

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task Request_UnknownPath_Returns404NotFound()
    {
        using var response = await _server.Client.GetAsync("/api/nothing-here");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Not Found"}"""));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
    }

    [Test]
    public async Task Request_KnownPathWithWrongMethod_Returns404NotFound()
    {
        using var response = await _server.Client.DeleteAsync("/api/echo");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Not Found"}"""));
    }

    [Test]
    public async Task Post_MalformedJson_Returns400InvalidJsonBody()
    {
        using var response = await _server.Client.PostAsync("/api/echo", Support.Http.Json("{ not json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Invalid JSON body"}"""));
    }

    [TestCase("{} {}")]
    [TestCase("{\"a\":1")]
    [TestCase("   ")]
    [TestCase("{'a':1}")]
    public async Task Post_NotExactlyOneJsonValue_Returns400InvalidJsonBody(string body)
    {
        using var response = await _server.Client.PostAsync("/api/echo", Support.Http.Json(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Invalid JSON body"}"""));
    }

    [TestCase(new byte[] { 0xC3, 0x28 }, TestName = "Post_InvalidUtf8InAString_Returns400InvalidJsonBody(truncated sequence)")]
    [TestCase(new byte[] { 0xFF, 0xFE }, TestName = "Post_InvalidUtf8InAString_Returns400InvalidJsonBody(bytes never in UTF-8)")]
    [TestCase(new byte[] { 0xC0, 0xAF }, TestName = "Post_InvalidUtf8InAString_Returns400InvalidJsonBody(overlong encoding)")]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 }, TestName = "Post_InvalidUtf8InAString_Returns400InvalidJsonBody(encoded surrogate)")]
    public async Task Post_InvalidUtf8InAString_Returns400InvalidJsonBody(byte[] invalid)
    {
        // Utf8JsonReader accepts these inside a string; the route must never see them.
        using var content = new ByteArrayContent([.. "{\"name\":\"a"u8, .. invalid, .. "b\"}"u8]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await _server.Client.PostAsync("/api/echo", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Invalid JSON body"}"""));
    }

    [Test]
    public async Task Handler_ThrowsExceptionWithStatusAndCode_ReturnsThatStatusMessageAndCode()
    {
        using var response = await _server.Client.GetAsync("/api/conflict");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Email already registered","code":"user_exists"}"""));
    }

    [Test]
    public async Task Handler_ThrowsExceptionWithStatusWithoutCode_OmitsCode()
    {
        using var response = await _server.Client.GetAsync("/api/teapot");

        Assert.That((int)response.StatusCode, Is.EqualTo(418));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Short and stout"}"""));
    }

    [Test]
    public async Task Handler_ThrowsExceptionWithStatusOutside400To599_Returns500()
    {
        using var response = await _server.Client.GetAsync("/api/redirect");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Internal Server Error"}"""));
    }

    [Test]
    public async Task Handler_ThrowsDatabaseUnavailable_Returns503WithRetryAfter()
    {
        using var response = await _server.Client.GetAsync("/api/database");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var body = await response.ReadJsonAsync();
        Assert.That((string?)body?["error"], Is.EqualTo("Service Unavailable"));
        Assert.That((string?)body?["code"], Is.EqualTo("database_unavailable"));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(await response.ReadTextAsync(), Does.Not.Contain("10.0.0.5"));
    }

    [Test]
    public async Task Handler_ThrowsOtherException_Returns500WithDetailsInLogOnly()
    {
        using var response = await _server.Client.GetAsync("/api/boom");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Internal Server Error"}"""));
        var logged = _server.Logs.GetSnapshot().Where(e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException).ToList();
        Assert.That(logged.Select(e => e.Exception!.Message), Has.Some.Contains("hunter2"));
        Assert.That(logged.Select(e => e.Message), Has.Some.Contains("GET /api/boom"));
        Assert.That(logged.Select(e => e.Message), Has.None.Contains("hunter2"));
    }

    [Test]
    public async Task Handler_ThrowsAfterAwaiting_Returns500()
    {
        using var response = await _server.Client.GetAsync("/api/boom-async");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Internal Server Error"}"""));
    }

    [Test]
    public async Task Guard_ReturnsFalse_Returns403Forbidden()
    {
        using var response = await _server.Client.GetAsync("/api/denied");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Forbidden"}"""));
    }

    [Test]
    public async Task Handler_WritesNothing_Returns204WithEmptyBody()
    {
        using var response = await _server.Client.GetAsync("/api/silent");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await response.ReadTextAsync(), Is.Empty);
    }

    [Test]
    public async Task AsyncHandler_WritesNothing_Returns204()
    {
        using var response = await _server.Client.PostAsync("/api/silent", Support.Http.Json("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }
}
