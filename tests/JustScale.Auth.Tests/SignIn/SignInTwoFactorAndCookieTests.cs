using System.Net;
using JustScale.Auth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.SignIn;

/// <summary>The shipped login's two-factor step (a declared 202 result, then /auth/login/2fa) and its cookie mode, over real Kestrel.</summary>
public sealed class SignInTwoFactorAndCookieTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private readonly List<DirectoryInfo> _folders = [];

    [TearDown]
    public void Clean()
    {
        foreach (var folder in _folders.Where(f => f.Exists))
        {
            folder.Delete(recursive: true);
        }
    }

    private TwoFactorOptions TwoFactor()
    {
        var folder = Directory.CreateTempSubdirectory("signin26-keys-");
        _folders.Add(folder);
        return new TwoFactorOptions { Issuer = "SignInTests", KeysDirectory = folder };
    }

    private static string NewEmail() => $"u-{Guid.NewGuid():N}@example.com";

    [Test]
    public async Task Login_TwoFactorUser_Answers202TicketThenTheCodeMakesTheSession()
    {
        var time = new FakeTimeProvider(Start);
        var twoFactor = TwoFactor();
        await using var app = await SignInApp.StartAsync(StoreKind.InMemory, time, endpoints: o => o.TwoFactor = twoFactor);
        var email = NewEmail();
        var session = await app.RegisterAsync(email);
        var secret = (await app.PostAsync("/account/2fa/setup", bearer: session)).Body.GetProperty("secret").GetString()!;
        var code = Totp.Code(Base32.Decode(secret), Totp.StepAt(time.GetUtcNow()));
        var (enabled, enabledBody, _) = await app.PostAsync("/account/2fa/enable", new { code, password = SignInApp.Password }, bearer: session);

        var (challenged, challenge, _) = await app.PostAsync("/auth/login", new { email, password = SignInApp.Password });
        var ticket = challenge.GetProperty("ticket").GetString()!;
        var (wrong, _, _) = await app.PostAsync("/auth/login/2fa", new { ticket, code = code == "000000" ? "111111" : "000000" });
        var (verified, verifiedBody, _) = await app.PostAsync("/auth/login/2fa", new { ticket, code });
        var token = verifiedBody.GetProperty("token").GetString()!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enabled, Is.EqualTo(HttpStatusCode.OK), enabledBody.ToString());
            Assert.That(challenged, Is.EqualTo(HttpStatusCode.Accepted), challenge.ToString());
            Assert.That(challenge.GetProperty("twoFactorRequired").GetBoolean(), Is.True);
            Assert.That(ticket, Does.Match("^[0-9a-f]{64}$"));
            Assert.That(challenge.GetProperty("expiresAt").GetDateTimeOffset(), Is.EqualTo(Start + TimeSpan.FromMinutes(5)));
            Assert.That(challenge.TryGetProperty("token", out _), Is.False, "a password alone yields no token");
            Assert.That(wrong, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(verified, Is.EqualTo(HttpStatusCode.OK), verifiedBody.ToString());
            Assert.That((await app.GetAsync("/notes/mine", bearer: token)).Status, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task Login_CookieMode_SetsTheCookieLogoutClearsIt()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = await SignInApp.StartAsync(StoreKind.InMemory, time, new Dictionary<string, string?> { ["JustScale:Auth:Cookie:Enabled"] = "true" });
        var email = NewEmail();
        await app.PostAsync("/auth/register", new { email, password = SignInApp.Password });

        var (status, body, setCookie) = await app.PostAsync("/auth/login", new { email, password = SignInApp.Password });
        var cookie = setCookie!.Split(';')[0];
        var (me, _, _) = await app.GetAsync("/notes/mine", cookie: cookie);
        var (loggedOut, _, cleared) = await app.PostAsync("/auth/logout", cookie: cookie, origin: app.Client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        var (after, afterBody, _) = await app.GetAsync("/notes/mine", cookie: cookie);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("token").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null), "scripts never see the token");
            Assert.That(setCookie.ToLowerInvariant(), Does.Contain("httponly").And.Contain("secure").And.Contain("samesite=lax"));
            Assert.That(me, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(loggedOut, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(cleared, Does.StartWith("__Host-session=;"));
            Assert.That(after, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(afterBody.GetProperty("error").GetString(), Is.EqualTo("Invalid or expired session"));
        }
    }

    [Test]
    public async Task Unauthenticated_CookieMode_401SaysNotSignedInWithoutAuthorizationHeader()
    {
        await using var app = await SignInApp.StartAsync(StoreKind.InMemory, settings: new Dictionary<string, string?> { ["JustScale:Auth:Cookie:Enabled"] = "true" });

        var (status, body, _) = await app.GetAsync("/notes/mine");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(body.GetProperty("code").GetString(), Is.EqualTo("not_signed_in"));
        Assert.That(body.GetProperty("error").GetString(), Does.StartWith("Not signed in").And.Not.Contain("Authorization header"));
    }

    [Test]
    public async Task Unauthenticated_HeaderMode_401KeepsMissingAuthorizationHeader()
    {
        await using var app = await SignInApp.StartAsync(StoreKind.InMemory);

        var (status, body, _) = await app.GetAsync("/notes/mine");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(body.GetProperty("error").GetString(), Is.EqualTo("Missing Authorization header"));
    }

    [Test]
    public async Task SameSiteNone_WithTrustedOrigin_CookieCrossSiteFromThatOrigin()
    {
        const string Front = "https://app.other-site.example";
        await using var app = await SignInApp.StartAsync(StoreKind.InMemory, settings: new Dictionary<string, string?>
        {
            ["JustScale:Auth:Cookie:Enabled"] = "true",
            ["JustScale:Auth:Cookie:SameSite"] = "None",
            ["JustScale:Auth:Cookie:TrustedOrigins:0"] = Front,
        });
        var email = NewEmail();

        var (registered, _, setCookie) = await app.PostAsync("/auth/register", new { email, password = SignInApp.Password }, origin: Front);
        var (evil, evilBody, _) = await app.PostAsync("/auth/login", new { email, password = SignInApp.Password }, origin: "https://evil.example");

        Assert.That(registered, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(setCookie!.ToLowerInvariant(), Does.Contain("samesite=none").And.Contain("secure"));
        Assert.That(evil, Is.EqualTo(HttpStatusCode.Forbidden), evilBody.ToString());
    }

    [Test]
    public void SameSiteNone_WithoutTrustedOrigins_StartFailsSayingWhatToList()
    {
        var error = Assert.ThrowsAsync<JustScale.Core.JustScaleException>(async () => await SignInApp.StartAsync(StoreKind.InMemory, settings: new Dictionary<string, string?>
        {
            ["JustScale:Auth:Cookie:Enabled"] = "true",
            ["JustScale:Auth:Cookie:SameSite"] = "None",
        }));

        Assert.That(error!.Message, Does.Contain("JustScale:Auth").And.Contain("SameSite=None").And.Contain("TrustedOrigins"));
    }

    [Test]
    public async Task SignInPrefix_Null_MountsNoSignInRoute()
    {
        await using var app = await SignInApp.StartAsync(StoreKind.InMemory, endpoints: o => o.SignInPrefix = null);

        foreach (var path in new[] { "/auth/register", "/auth/login", "/auth/logout", "/auth/logout-all" })
        {
            Assert.That((await app.PostAsync(path, new { email = NewEmail(), password = SignInApp.Password })).Status, Is.EqualTo(HttpStatusCode.NotFound), path);
        }

        Assert.That((await app.GetAsync("/account/me")).Status, Is.EqualTo(HttpStatusCode.Unauthorized), "the account routes stay");
    }
}
