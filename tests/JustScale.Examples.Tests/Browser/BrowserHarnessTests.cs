using System.Collections.Concurrent;
using System.Text.Json;
using JustScale.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static JustScale.Examples.Tests.Browser.PageScript;

namespace JustScale.Examples.Tests.Browser;

/// <summary>Proves the browser harness on an API of its own with ASP.NET Core CORS: a listed origin reads a preflighted
/// answer, another origin gets the browser's refusal.</summary>
[TestFixture]
[Category("Browser")]
public sealed class BrowserHarnessTests
{
    private readonly ConcurrentQueue<(string Method, string Path, string Origin, string RequestHeaders)> _requests = new();
    private HeadlessChromium _browser = null!;
    private LoopbackApp _pages = null!;
    private LoopbackApp _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _browser = await HeadlessChromium.StartAsync();
        await TestContext.Progress.WriteLineAsync($"Chromium started in {_browser.StartupTime.TotalMilliseconds:F0} ms");
        _pages = await LoopbackApp.ServePageAsync();
        var listed = _pages.Origin();
        _api = await LoopbackApp.StartAsync(services => services.AddCors(), app =>
        {
            app.Use((context, next) =>
            {
                var request = context.Request;
                _requests.Enqueue((request.Method, request.Path.Value ?? "", request.Headers.Origin.ToString(), request.Headers.AccessControlRequestHeaders.ToString()));
                return next(context);
            });
            app.UseCors(policy => policy.WithOrigins(listed).AllowAnyHeader().AllowAnyMethod());
            app.Run(async context =>
            {
                var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
                await context.Response.WriteAsJsonAsync(new { received = body, authorization = context.Request.Headers.Authorization.ToString() });
            });
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _api.DisposeAsync();
        await _pages.DisposeAsync();
        await _browser.DisposeAsync();
    }

    [Test]
    public async Task Fetch_ListedOriginWithAuthorizationHeader_PreflightsAndReadsJson()
    {
        var result = await _browser.EvaluateAsync(_pages.Url(), PostEcho("/echo/listed"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.GetProperty("status").GetInt32(), Is.EqualTo(200), result.ToString());
            Assert.That(result.GetProperty("body").GetProperty("received").GetProperty("hello").GetString(), Is.EqualTo("browser"));
            Assert.That(result.GetProperty("body").GetProperty("authorization").GetString(), Is.EqualTo("Bearer harness"));
            Assert.That(Requests("/echo/listed"), Is.EqualTo(new[] { ("OPTIONS", _pages.Origin()), ("POST", _pages.Origin()) }));
            Assert.That(_requests.Single(r => r.Path == "/echo/listed" && r.Method == "OPTIONS").RequestHeaders, Does.Contain("authorization"));
        }
    }

    [Test]
    public async Task Fetch_UnlistedOrigin_RejectsWithTypeErrorAndNeverSendsThePost()
    {
        var unlisted = _pages.Url("localhost"); // same server, another origin: http://localhost:port is not http://127.0.0.1:port

        var result = await _browser.EvaluateAsync(unlisted, PostEcho("/echo/unlisted"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.GetProperty("error").GetString(), Is.EqualTo("TypeError: Failed to fetch"), result.ToString());
            Assert.That(Requests("/echo/unlisted"), Is.EqualTo(new[] { ("OPTIONS", _pages.Origin("localhost")) }));
        }
    }

    /// <summary>A JSON POST with an Authorization header: neither is CORS-safelisted, so the browser asks first (OPTIONS).</summary>
    private string PostEcho(string path) => Run($$"""
        return await call({{Literal(new Uri(_api.Url("localhost"), path).AbsoluteUri)}}, json('POST', { hello: 'browser' }, { Authorization: 'Bearer harness' }));
        """);

    private (string Method, string Origin)[] Requests(string path) =>
        [.. _requests.Where(r => r.Path == path).Select(r => (r.Method, r.Origin))];
}
