using System.Net;
using System.Text.Json;
using JustScale.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Endpoints.Account;

/// <summary>Runs two-factor login (issue 19) through AuthEndpointsFeature (sign-in at /auth, account at /account) on a TestApp over real Kestrel, on each store, with a fake clock; the codes are computed here, as an authenticator app would.</summary>
/// <remarks>Split: this file (the black-box contract, events, logs), .Window.cs (step window, replay, ticket limits), .Disable.cs, .Storage.cs.</remarks>
[TestFixture("InMemory")]
[TestFixture("Postgres")]
public sealed partial class TwoFactorFlowTests(string store)
{
    private const string Password = "correct horse battery staple";
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 10, TimeSpan.Zero); // 10 s into a step
    private readonly FakeTimeProvider _time = new(Start);
    private readonly AuthEventRecorder _recorder = new();
    private readonly CapturedLog _log = new();
    private AccountApp _app = null!;
    private ApiClient _client = null!;

    [OneTimeSetUp]
    public async Task StartExample()
    {
        _app = await AccountApp.StartAsync(store, options =>
        {
            options.Time = _time;
            options.Services = services => services.AddSingleton<IAuthEventObserver>(_recorder);
            options.Logging = logging => logging.AddProvider(_log).SetMinimumLevel(LogLevel.Trace);
        });
        _client = new ApiClient(_app.Url);
    }

    [OneTimeTearDown]
    public async Task StopExample()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    private static string NewEmail() => $"2fa-{Guid.NewGuid():N}@example.com";

    private static string Code(JsonElement body) => body.TryGetProperty("code", out var code) ? code.GetString() ?? "" : "";

    [Test]
    public async Task Contract_SetupEnableLoginVerifyReplayRecovery_AsSpecified()
    {
        var email = NewEmail();
        var session = await _client.RegisterAsync(email);

        var (setupStatus, setup) = await _client.PostAsync("/account/2fa/setup", token: session);
        var secret = setup.GetProperty("secret").GetString()!;
        var uri = setup.GetProperty("otpauthUri").GetString()!;
        Assert.That(setupStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(secret, Does.Match("^[A-Z2-7]{32}$"));
        Assert.That(uri, Is.EqualTo($"otpauth://totp/{AccountApp.Issuer}:{Uri.EscapeDataString(email)}?secret={secret}&issuer={AccountApp.Issuer}&algorithm=SHA1&digits=6&period=30"));

        var right = TotpCodes.At(secret, Now);
        var (wrongEnable, wrongEnableBody) = await _client.PostAsync("/account/2fa/enable", new { code = WrongCode(right), password = Password }, session);
        Assert.That(wrongEnable, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Code(wrongEnableBody), Is.EqualTo("invalid_code"));

        var (enabled, enableBody) = await _client.PostAsync("/account/2fa/enable", new { code = right, password = Password }, session);
        var recovery = enableBody.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        Assert.That(enabled, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(recovery, Has.Length.EqualTo(10).And.Unique);
        Assert.That(recovery, Has.All.Match("^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$"));

        // A password login gives a ticket, never a token; the enabling code itself is not accepted again.
        _time.Advance(TimeSpan.FromSeconds(30));
        var ticket = await LoginForTicketAsync(email);
        var (wrongVerify, _) = await _client.PostAsync("/account/2fa/verify", new { ticket, code = WrongCode(TotpCodes.At(secret, Now)) });
        Assert.That(wrongVerify, Is.EqualTo(HttpStatusCode.Unauthorized));

        var code = TotpCodes.At(secret, Now);
        var token = await VerifyAsync(ticket, code);
        var (profile, me) = await _client.GetAsync("/profile", token);
        Assert.That(profile, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(me.GetProperty("email").GetString(), Is.EqualTo(email));

        // The same code, with a fresh ticket, is refused: its step was used.
        var (replayed, replayBody) = await _client.PostAsync("/account/2fa/verify", new { ticket = await LoginForTicketAsync(email), code });
        Assert.That(replayed, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(replayBody.TryGetProperty("token", out _), Is.False);

        // A recovery code works once.
        Assert.That(await VerifyAsync(await LoginForTicketAsync(email), recovery[3]), Does.Match("^[0-9a-f]{64}$"));
        var (reused, _) = await _client.PostAsync("/account/2fa/verify", new { ticket = await LoginForTicketAsync(email), code = recovery[3] });
        Assert.That(reused, Is.EqualTo(HttpStatusCode.Unauthorized));

        var (unknown, _) = await _client.PostAsync("/account/2fa/verify", new { ticket = new string('a', 64), code = TotpCodes.At(secret, Now) });
        Assert.That(unknown, Is.EqualTo(HttpStatusCode.Unauthorized));

        var (badPassword, badPasswordBody) = await _client.PostAsync("/auth/login", new { email, password = "not the password" });
        Assert.That(badPassword, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(badPasswordBody.TryGetProperty("ticket", out _), Is.False);
    }

    [Test]
    public async Task Login_TwoFactorUser_TicketOnlyAndNoSessionCreated()
    {
        var (email, _, session) = await EnabledUserAsync();
        var (_, before) = await _client.GetAsync("/account/sessions", session);

        var (status, body) = await _client.PostAsync("/auth/login", new { email, password = Password });
        var (_, after) = await _client.GetAsync("/account/sessions", session);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted)); // the feature's login declares 202 for the two-factor step
        Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "twoFactorRequired", "ticket", "expiresAt" }));
        Assert.That(body.GetProperty("twoFactorRequired").GetBoolean(), Is.True);
        Assert.That(body.GetProperty("ticket").GetString(), Does.Match("^[0-9a-f]{64}$"));
        Assert.That(body.GetProperty("expiresAt").GetDateTimeOffset(), Is.EqualTo(Now.AddMinutes(5)));
        Assert.That(after.GetProperty("sessions").GetArrayLength(), Is.EqualTo(before.GetProperty("sessions").GetArrayLength()));
    }

    [Test]
    public async Task Setup_AlreadyEnabled_ConflictAndSecretKept()
    {
        var (email, secret, session) = await EnabledUserAsync();

        var (status, body) = await _client.PostAsync("/account/2fa/setup", token: session);
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(Code(body), Is.EqualTo("two_factor_enabled"));
        Assert.That(await VerifyAsync(await LoginForTicketAsync(email), TotpCodes.At(secret, Now)), Is.Not.Empty);
    }

    [Test]
    public async Task Routes_WithoutSession_Unauthorized()
    {
        Assert.That((await _client.PostAsync("/account/2fa/setup")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _client.PostAsync("/account/2fa/enable", new { code = "123456", password = Password })).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _client.PostAsync("/account/2fa/disable", new { code = "123456" })).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Events_EnableFailRecoveryDisable_RaisedWithIdsOnly()
    {
        var (email, secret, session) = await EnabledUserAsync();
        var userId = Guid.Parse((await _client.GetAsync("/account/me", session)).Body.GetProperty("id").GetString()!);
        var ticket = await LoginForTicketAsync(email);
        await _client.PostAsync("/account/2fa/verify", new { ticket, code = WrongCode(TotpCodes.At(secret, Now)) });
        await _client.PostAsync("/account/2fa/disable", new { password = Password }, session);

        var kinds = _recorder.Of(userId).Select(e => e.Kind).ToArray();

        Assert.That(kinds, Does.Contain(AuthEventKind.TwoFactorEnabled).And.Contain(AuthEventKind.TwoFactorFailed).And.Contain(AuthEventKind.TwoFactorDisabled));
        Assert.That(Array.IndexOf(kinds, AuthEventKind.TwoFactorEnabled), Is.LessThan(Array.IndexOf(kinds, AuthEventKind.TwoFactorDisabled)));
    }

    [Test]
    public async Task Logs_WholeFlow_NoSecretCodeTicketOrRecoveryCode()
    {
        var email = NewEmail();
        var session = await _client.RegisterAsync(email);
        var secret = (await _client.PostAsync("/account/2fa/setup", token: session)).Body.GetProperty("secret").GetString()!;
        var enableCode = TotpCodes.At(secret, Now);
        var recovery = (await _client.PostAsync("/account/2fa/enable", new { code = enableCode, password = Password }, session)).Body.GetProperty("recoveryCodes")
            .EnumerateArray().Select(c => c.GetString()!).ToArray();
        var ticket = await LoginForTicketAsync(email);
        await _client.PostAsync("/account/2fa/verify", new { ticket, code = "000000" });
        var token = await VerifyAsync(ticket, recovery[0]);

        var text = _log.Text;

        Assert.That(text, Does.Contain("TwoFactorEnabled"), "the capture sees the auth events");
        Assert.That(text, Does.Not.Contain(secret).And.Not.Contain(ticket).And.Not.Contain(token).And.Not.Contain(enableCode));
        Assert.That(recovery, Has.None.Matches<string>(code => text.Contains(code, StringComparison.Ordinal)));
    }

    private async Task<(string Email, string Secret, string Session)> EnabledUserAsync()
    {
        var email = NewEmail();
        var session = await _client.RegisterAsync(email);
        var secret = (await _client.PostAsync("/account/2fa/setup", token: session)).Body.GetProperty("secret").GetString()!;
        var (status, body) = await _client.PostAsync("/account/2fa/enable", new { code = TotpCodes.At(secret, Now), password = Password }, session);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        return (email, secret, session);
    }

    private async Task<string> LoginForTicketAsync(string email, string password = Password)
    {
        var (status, body) = await _client.PostAsync("/auth/login", new { email, password });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted), body.ToString());
        Assert.That(body.TryGetProperty("token", out _), Is.False, "a password alone yields no token");
        Assert.That(body.GetProperty("twoFactorRequired").GetBoolean(), Is.True);
        return body.GetProperty("ticket").GetString()!;
    }

    private async Task<string> VerifyAsync(string ticket, string code)
    {
        var (status, body) = await _client.PostAsync("/account/2fa/verify", new { ticket, code });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        return body.GetProperty("token").GetString()!;
    }

    private static string WrongCode(string right) => right == "000000" ? "111111" : "000000";
}
