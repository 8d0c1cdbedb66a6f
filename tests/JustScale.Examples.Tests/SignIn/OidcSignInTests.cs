using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JustScale.Examples.Tests.Account;
using JustScale.Testing;

namespace JustScale.Examples.Tests.SignIn;

/// <summary>Signs in to the complete example (its own process, on PostgreSQL) through a real OpenID Provider, node's oidc-provider,
/// configured the way an operator would: <c>JustScale__Auth__OAuth__Providers__test__Authority/ClientId/ClientSecret</c>.</summary>
/// <remarks>The provider's own login and consent forms are driven over HTTP; its logins are emails it vouches for.</remarks>
[TestFixture]
[Category("Oidc")]
public sealed class OidcSignInTests
{
    private const string Password = "correct horse battery staple";

    private TestDatabase _database = null!;
    private OidcProvider _provider = null!;
    private ExampleProcess _example = null!;
    private Uri _publicUrl = null!;
    private Outbox _outbox = null!;
    private string _outboxFolder = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var port = OidcProvider.FreePort();
        _publicUrl = new Uri($"http://localhost:{port}");
        _provider = await OidcProvider.StartAsync(new Uri(_publicUrl, "/auth/oauth/test/callback"));
        _database = await TestPostgres.CreateDatabaseAsync("oidc");
        _outboxFolder = Path.Combine(Path.GetTempPath(), $"justscale-oidc-outbox-{Guid.NewGuid():N}");
        _outbox = new Outbox(_outboxFolder);
        _example = await ExampleProcess.StartAsync(_database.ConnectionString, new Dictionary<string, string>
        {
            ["App__PublicUrl"] = _publicUrl.AbsoluteUri.TrimEnd('/'),
            ["JustScale__Auth__OAuth__Providers__test__Authority"] = _provider.Issuer.AbsoluteUri.TrimEnd('/'),
            ["JustScale__Auth__OAuth__Providers__test__ClientId"] = OidcProvider.ClientId,
            ["JustScale__Auth__OAuth__Providers__test__ClientSecret"] = _provider.ClientSecret,
            ["Mail__Outbox"] = _outboxFolder,
        }, freePort: false, "--port", port.ToString(CultureInfo.InvariantCulture));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _example.DisposeAsync();
        await _provider.DisposeAsync();
        await _database.DisposeAsync();
        if (Directory.Exists(_outboxFolder))
        {
            Directory.Delete(_outboxFolder, recursive: true);
        }
    }

    [Test]
    public async Task ProviderSignIn_NewVerifiedEmail_CreatesAccountWithSingleUseCodeAndSecondSignInReachesIt()
    {
        var email = $"alice-{Guid.NewGuid():N}@example.com";

        var landing = await WalkAsync(email);
        var code = Query(landing, "code");
        var exchange = await PostAsync("auth/oauth/exchange", new { code });
        var token = await TokenAsync(exchange);
        var me = await GetAsync("account/me", token);
        var again = await PostAsync("auth/oauth/exchange", new { code });
        var second = await TokenAsync(await PostAsync("auth/oauth/exchange", new { code = Query(await WalkAsync(email), "code") }));
        var meAgain = await GetAsync("account/me", second);
        var identities = await GetAsync("account/oauth", token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(landing.GetLeftPart(UriPartial.Path), Is.EqualTo(new Uri(_publicUrl, "/signed-in").AbsoluteUri), "only App:PublicUrl is a target");
            Assert.That(code, Does.Match("^[0-9a-f]{64}$"));
            Assert.That(me.GetProperty("email").GetString(), Is.EqualTo(email));
            Assert.That(me.GetProperty("emailVerified").GetBoolean(), Is.True, "the provider vouched for it");
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the code works once");
            Assert.That(meAgain.GetProperty("id").GetString(), Is.EqualTo(me.GetProperty("id").GetString()), "the second sign-in reaches the same account");
            Assert.That(identities.GetProperty("identities")[0].GetProperty("provider").GetString(), Is.EqualTo("test"));
        }
    }

    [Test]
    public async Task ProviderSignIn_PreRegisteredUnverifiedAccount_IsNotSignedInto()
    {
        var email = $"squatter-{Guid.NewGuid():N}@example.com";
        using var registered = await PostAsync("auth/register", new { email, password = Password }); // someone registered the address first, never verified it

        var landing = await WalkAsync(email);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Query(landing, "error"), Is.EqualTo("account_email_unverified"), landing.ToString());
            Assert.That(landing.Query, Does.Not.Contain("code="));
        }
    }

    [Test]
    public async Task ProviderSignIn_VerifiedAccount_LinksOnlyAfterPasswordConfirmation()
    {
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        var registration = JsonDocument.Parse(await (await PostAsync("auth/register", new { email, password = Password })).Content.ReadAsStringAsync()).RootElement;
        var ownerToken = registration.GetProperty("token").GetString()!;
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_example.Url, "account/email/verification")))
        {
            request.Headers.Authorization = new("Bearer", ownerToken);
            using var sent = await Client.SendAsync(request);
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        using (var verified = await PostAsync("account/email/verify", new { token = await _outbox.TakeTokenAsync(email) }))
        {
            Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var exchange = await PostAsync("auth/oauth/exchange", new { code = Query(await WalkAsync(email), "code") });
        var pending = JsonDocument.Parse(await exchange.Content.ReadAsStringAsync()).RootElement;
        var linkToken = pending.GetProperty("linkToken").GetString();
        var linked = await TokenAsync(await PostAsync("auth/oauth/link", new { linkToken, password = Password }));
        var me = await GetAsync("account/me", linked);
        var viaProvider = await TokenAsync(await PostAsync("auth/oauth/exchange", new { code = Query(await WalkAsync(email), "code") }));
        var meViaProvider = await GetAsync("account/me", viaProvider);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exchange.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), pending.ToString());
            Assert.That(pending.GetProperty("code").GetString(), Is.EqualTo("link_confirmation_required"));
            Assert.That(me.GetProperty("id").GetString(), Is.EqualTo(registration.GetProperty("user").GetProperty("id").GetString()));
            Assert.That(meViaProvider.GetProperty("id").GetString(), Is.EqualTo(me.GetProperty("id").GetString()), "once linked, the provider signs in directly");
        }
    }

    [Test]
    public async Task ProviderCallback_InAnotherBrowser_RefusedAsLoginCsrf()
    {
        // An attacker runs the flow in their browser and sends the victim their callback link: it must not sign the victim in.
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var attacker = new HttpClient(handler);
        var callback = await ProviderWalk.RunAsync(
            attacker, new Uri(_publicUrl, "/auth/oauth/test/start"), $"mallory-{Guid.NewGuid():N}@example.com", new Uri(_publicUrl, "/auth/oauth/test/callback"));

        using var victim = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await victim.GetAsync(callback);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(Query(response.Headers.Location!, "error"), Is.EqualTo("invalid_state"));
    }

    private static readonly HttpClient Client = new();

    /// <summary>A fresh browser (its own cookies) from the example's start route to the landing page.</summary>
    private async Task<Uri> WalkAsync(string login)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler);
        return await ProviderWalk.RunAsync(browser, new Uri(_publicUrl, "/auth/oauth/test/start"), login, new Uri(_publicUrl, "/signed-in"));
    }

    private Task<HttpResponseMessage> PostAsync(string path, object body) => Client.PostAsJsonAsync(new Uri(_example.Url, path), body);

    private async Task<JsonElement> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_example.Url, path));
        request.Headers.Authorization = new("Bearer", token);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<string> TokenAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
            return JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
        }
    }

    private static string? Query(Uri uri, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).TryGetValue(name, out var value) ? value.ToString() : null;
}
