using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using JustScale.Testing;
using static JustScale.Examples.Tests.Browser.PageScript;

namespace JustScale.Examples.Tests.Browser;

/// <summary>Runs the passkey ceremonies of the complete example in a real browser: Chromium's WebAuthn virtual authenticator
/// (CTAP2, internal, resident keys, user verification) on a page of the example's own origin, through the wire contract.</summary>
[TestFixture]
[Category("Browser")]
public sealed class PasskeyBrowserTests
{
    private const string Password = "correct horse battery staple";

    /// <summary>The tab's authenticator: a platform passkey provider that verifies the user and answers without a prompt.</summary>
    private static readonly (string, object?)[] VirtualAuthenticator =
    [
        ("Emulation.setFocusEmulationEnabled", new { enabled = true }), // WebAuthn needs a focused document; a headless tab has none
        ("WebAuthn.enable", new { enableUI = false }),
        ("WebAuthn.addVirtualAuthenticator", new
        {
            options = new
            {
                protocol = "ctap2", transport = "internal", hasResidentKey = true, hasUserVerification = true,
                isUserVerified = true, automaticPresenceSimulation = true,
            },
        }),
    ];

    private HeadlessChromium _browser = null!;
    private ExampleProcess _example = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _browser = await HeadlessChromium.StartAsync();
        var port = FreePort();
        _example = await ExampleProcess.StartAsync(
            null, new Dictionary<string, string> { ["App__PublicUrl"] = $"http://localhost:{port}" }, freePort: false, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _example.DisposeAsync();
        await _browser.DisposeAsync();
    }

    [Test]
    public async Task Passkey_NewUserRegistersListsAndSignsIn_ReplayAndOtherCeremonyRefused()
    {
        var result = await _browser.EvaluateAsync(_example.Url, Run($$"""
            const email = 'passkey-' + Date.now() + '@example.com';
            const register = await call('/auth/register', json('POST', { email, password: {{Literal(Password)}} }));
            const bearer = { Authorization: 'Bearer ' + register.body.token };

            // Registration: creation options JSON -> navigator.credentials.create -> toJSON.
            const begin = await call('/account/passkeys/options', { method: 'POST', headers: bearer });
            const created = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(begin.body.options) });
            const added = await call('/account/passkeys', json('POST', { ceremonyId: begin.body.ceremonyId, credential: created.toJSON(), name: 'Virtual' }, bearer));
            const listed = await call('/account/passkeys', { headers: bearer });

            // Sign-in: request options JSON (no allowed list: discoverable) -> navigator.credentials.get -> toJSON.
            const options = await call('/auth/passkey/options', { method: 'POST' });
            const asserted = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.body.options) });
            const assertion = asserted.toJSON();
            const signIn = await call('/auth/passkey', json('POST', { ceremonyId: options.body.ceremonyId, credential: assertion }));
            const me = await call('/account/me', { headers: { Authorization: 'Bearer ' + signIn.body.token } });

            // The same assertion again: with its own (used) ceremony, and with a fresh ceremony it was not made for.
            const replay = await call('/auth/passkey', json('POST', { ceremonyId: options.body.ceremonyId, credential: assertion }));
            const other = await call('/auth/passkey/options', { method: 'POST' });
            const crossed = await call('/auth/passkey', json('POST', { ceremonyId: other.body.ceremonyId, credential: assertion }));

            // A second, genuine sign-in still works after the refusals (the counter moved on, the credential is intact).
            const again = await call('/auth/passkey/options', { method: 'POST' });
            const second = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(again.body.options) });
            const signInAgain = await call('/auth/passkey', json('POST', { ceremonyId: again.body.ceremonyId, credential: second.toJSON() }));
            return { email, userId: register.body.user.id, credentialId: created.id, added, listed, signIn, me, replay, crossed, signInAgain };
            """), VirtualAuthenticator);

        var listed = result.GetProperty("listed").GetProperty("body").GetProperty("passkeys");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Status(result, "added"), Is.EqualTo(201), result.ToString());
            Assert.That(listed.GetArrayLength(), Is.EqualTo(1), result.ToString());
            Assert.That(listed[0].GetProperty("id").GetString(), Is.EqualTo(result.GetProperty("credentialId").GetString()), "listed by its base64url credential id");
            Assert.That(Status(result, "signIn"), Is.EqualTo(200), result.ToString());
            Assert.That(result.GetProperty("signIn").GetProperty("body").GetProperty("token").GetString(), Has.Length.EqualTo(64));
            Assert.That(result.GetProperty("me").GetProperty("body").GetProperty("id").GetString(), Is.EqualTo(result.GetProperty("userId").GetString()), "the same account");
            Assert.That(Status(result, "replay"), Is.InRange(400, 499), result.ToString());
            Assert.That(Status(result, "crossed"), Is.InRange(400, 499), result.ToString());
            Assert.That(Status(result, "signInAgain"), Is.EqualTo(200), result.ToString());
        }
    }

    [Test]
    public async Task Passkey_SignUpWithoutPassword_SignsInAndLastPasskeyCannotBeRemoved()
    {
        var result = await _browser.EvaluateAsync(_example.Url, Run("""
            const email = 'passkey-only-' + Date.now() + '@example.com';
            const begin = await call('/auth/passkey/register/options', json('POST', { email, name: 'Only Passkey' }));
            const created = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(begin.body.options) });
            const signUp = await call('/auth/passkey/register', json('POST', { ceremonyId: begin.body.ceremonyId, credential: created.toJSON() }));
            const bearer = { Authorization: 'Bearer ' + signUp.body.token };
            const me = await call('/account/me', { headers: bearer });
            const passwordLogin = await call('/auth/login', json('POST', { email, password: '' }));
            const remove = await call('/account/passkeys/' + created.id, { method: 'DELETE', headers: bearer });
            return { email, signUp, me, passwordLogin, remove };
            """), VirtualAuthenticator);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Status(result, "signUp"), Is.EqualTo(200), result.ToString());
            Assert.That(result.GetProperty("me").GetProperty("body").GetProperty("email").GetString(), Is.EqualTo(result.GetProperty("email").GetString()));
            Assert.That(Status(result, "passwordLogin"), Is.InRange(400, 401), "no password ever matches a passwordless account");
            Assert.That(Status(result, "remove"), Is.EqualTo(409), result.ToString());
            Assert.That(result.GetProperty("remove").GetProperty("body").GetProperty("code").GetString(), Is.EqualTo("last_sign_in_method"));
        }
    }

    [Test]
    public async Task SignInPage_Root_OffersPasskeyProviderAndMagicLinkSignIn()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(_example.Url);
        var html = await response.Content.ReadAsStringAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(html, Does.Contain("Sign in with a passkey"));
            Assert.That(html, Does.Contain("Continue with a provider"));
            Assert.That(html, Does.Contain("Send magic link"));
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("script-src 'self'"));
        }
    }

    private static int Status(JsonElement result, string call) =>
        result.GetProperty(call).TryGetProperty("status", out var status) ? status.GetInt32() : -1;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
