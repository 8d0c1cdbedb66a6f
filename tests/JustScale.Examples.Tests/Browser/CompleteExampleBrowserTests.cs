using System.Text.Json;
using JustScale.Testing;
using static JustScale.Examples.Tests.Browser.PageScript;

namespace JustScale.Examples.Tests.Browser;

/// <summary>Runs the complete example as its own process and calls it from pages in a real browser: CORS for a front end on
/// another origin (<c>Cors__Origins__0</c>), and the httpOnly cookie sessions of <c>--session-cookies</c>.</summary>
/// <remarks>Pages are served from 127.0.0.1 while the example listens on localhost, so they are on another origin.</remarks>
[TestFixture]
[Category("Browser")]
public sealed class CompleteExampleBrowserTests
{
    private const string Password = "correct horse battery staple";
    private const string FailedFetch = "TypeError: Failed to fetch";

    private HeadlessChromium _browser = null!;
    private LoopbackApp _pages = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _browser = await HeadlessChromium.StartAsync();
        await TestContext.Progress.WriteLineAsync($"Chromium started in {_browser.StartupTime.TotalMilliseconds:F0} ms");
        _pages = await LoopbackApp.ServePageAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _pages.DisposeAsync();
        await _browser.DisposeAsync();
    }

    [Test]
    [Category("BrowserExample")]
    public async Task Cors_ListedOrigin_RegistersLogsInAndReadsProfileWithBearer()
    {
        await using var example = await StartWithCorsAsync(_pages.Origin());

        var result = await _browser.EvaluateAsync(_pages.Url(), Run($$"""
            const api = {{Literal(example.Url.AbsoluteUri)}};
            const credentials = { email: 'cors@example.com', password: {{Literal(Password)}} };
            const register = await call(api + 'auth/register', json('POST', { ...credentials, name: 'Cors' }));
            const login = await call(api + 'auth/login', json('POST', credentials));
            const token = login.body && login.body.token;
            const profile = await call(api + 'profile', { headers: { Authorization: 'Bearer ' + token } });
            return { register, login: { status: login.status, error: login.error, hasToken: typeof token === 'string' && token.length > 0 }, profile };
            """));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Status(result, "register"), Is.EqualTo(200), result.ToString());
            Assert.That(Status(result, "login"), Is.EqualTo(200), result.ToString());
            Assert.That(result.GetProperty("login").GetProperty("hasToken").GetBoolean(), Is.True, result.ToString());
            Assert.That(Status(result, "profile"), Is.EqualTo(200), result.ToString());
            Assert.That(Body(result, "profile", "email"), Is.EqualTo("cors@example.com"), result.ToString());
        }
    }

    [Test]
    [Category("BrowserExample")]
    public async Task Cors_UnlistedOrigin_CannotReadResponses()
    {
        await using var example = await StartWithCorsAsync(_pages.Origin());
        var script = Run($$"""
            const api = {{Literal(example.Url.AbsoluteUri)}};
            const email = location.hostname.replaceAll('.', '-') + '@example.com';
            const register = await call(api + 'auth/register', json('POST', { email, password: {{Literal(Password)}}, name: 'Origin' }));
            const feed = await call(api + 'feed'); // a simple GET: sent without a preflight, but its answer is still not the page's to read
            return { register, feed };
            """);

        var unlisted = await _browser.EvaluateAsync(_pages.Url("localhost"), script);
        var listed = await _browser.EvaluateAsync(_pages.Url(), script);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(unlisted.GetProperty("register").GetProperty("error").GetString(), Is.EqualTo(FailedFetch), unlisted.ToString());
            Assert.That(unlisted.GetProperty("feed").GetProperty("error").GetString(), Is.EqualTo(FailedFetch), unlisted.ToString());

            // The control: the same script from the listed origin is answered, so the refusal above is CORS's doing.
            Assert.That(Status(listed, "register"), Is.EqualTo(200), listed.ToString());
            Assert.That(Status(listed, "feed"), Is.EqualTo(200), listed.ToString());
        }
    }

    [Test]
    public async Task SessionCookies_SameOriginPage_ReadsProfileWithHttpOnlyCookieAlone()
    {
        await using var example = await ExampleProcess.StartAsync(null, "--session-cookies");

        // A document of the example's own origin (GET /feed answers anonymously), so its fetches are same-origin.
        var page = new Uri(example.Url, "feed");
        var result = await _browser.EvaluateAsync(page, Run($$"""
            const credentials = { email: 'cookie@example.com', password: {{Literal(Password)}} };
            const register = await call('/auth/register', { ...json('POST', { ...credentials, name: 'Cookie' }), credentials: 'include' });
            const login = await call('/auth/login', { ...json('POST', credentials), credentials: 'include' });
            const profile = await call('/profile', { credentials: 'include' }); // no Authorization header: the cookie alone
            return { register, login, profile, cookies: document.cookie };
            """));
        var sessionCookies = SessionCookies(await _browser.GetCookiesAsync());

        // Another tab of the same browser shares the cookie jar: logout there clears the cookie, and /profile is refused.
        var afterLogout = await _browser.EvaluateAsync(page, Run("""
            const logout = await call('/auth/logout', { method: 'POST', credentials: 'include' });
            const profile = await call('/profile', { credentials: 'include' });
            return { logout, profile };
            """));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Status(result, "register"), Is.EqualTo(200), result.ToString());
            Assert.That(result.GetProperty("register").GetProperty("body").GetProperty("token").ValueKind, Is.EqualTo(JsonValueKind.Null), result.ToString());
            Assert.That(Status(result, "login"), Is.EqualTo(200), result.ToString());
            Assert.That(result.GetProperty("login").GetProperty("body").GetProperty("token").ValueKind, Is.EqualTo(JsonValueKind.Null), result.ToString());
            Assert.That(Status(result, "profile"), Is.EqualTo(200), result.ToString());
            Assert.That(Body(result, "profile", "email"), Is.EqualTo("cookie@example.com"), result.ToString());
            Assert.That(result.GetProperty("cookies").GetString(), Does.Not.Contain("session"), "httpOnly: document.cookie never shows the session");
            Assert.That(sessionCookies, Has.Length.EqualTo(1), "the browser kept the __Host- cookie from http://localhost");
            Assert.That(sessionCookies.Select(c => (c.GetProperty("httpOnly").GetBoolean(), c.GetProperty("secure").GetBoolean(), c.GetProperty("sameSite").GetString())),
                Is.All.EqualTo((true, true, "Lax")));
            Assert.That(Status(afterLogout, "logout"), Is.EqualTo(200), afterLogout.ToString());
            Assert.That(Status(afterLogout, "profile"), Is.EqualTo(401), afterLogout.ToString());
            Assert.That(SessionCookies(await _browser.GetCookiesAsync()), Is.Empty, "logout expires the cookie");
        }
    }

    /// <summary>Starts the example with one CORS origin listed, the way an operator would: <c>Cors__Origins__0</c>.</summary>
    private static Task<ExampleProcess> StartWithCorsAsync(string origin) =>
        ExampleProcess.StartAsync(null, new Dictionary<string, string> { ["Cors__Origins__0"] = origin });

    /// <summary>Reads the HTTP status of one call, or -1 when fetch rejected (the result then holds the error).</summary>
    private static int Status(JsonElement result, string call) =>
        result.GetProperty(call).TryGetProperty("status", out var status) ? status.GetInt32() : -1;

    private static JsonElement[] SessionCookies(JsonElement cookies) =>
        [.. cookies.EnumerateArray().Where(c => c.GetProperty("name").GetString() == "__Host-session")];

    private static string? Body(JsonElement result, string call, string property) =>
        result.GetProperty(call).TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Object && body.TryGetProperty(property, out var value)
            ? value.GetString()
            : null;
}
