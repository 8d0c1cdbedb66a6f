using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Endpoints.Account;

/// <summary>Runs the account tokens' lifetimes through AuthEndpointsFeature on a TestApp with a FakeTimeProvider in the host's services.</summary>
[TestFixture("InMemory")]
[TestFixture("Postgres")]
public sealed class AccountTokenExpiryTests(string store)
{
    private const string InvalidTokenBody = """{"error":"Invalid or expired token","code":"invalid_token"}""";
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private AccountApp _app = null!;
    private ApiClient _client = null!;

    [OneTimeSetUp]
    public async Task StartExample()
    {
        _app = await AccountApp.StartAsync(store, options => options.Time = _time);
        _client = new ApiClient(_app.Url);
    }

    [OneTimeTearDown]
    public async Task StopExample()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static string NewEmail() => $"expiry-{Guid.NewGuid():N}@example.com";

    [Test]
    public async Task Host_FakeTimeProviderInServices_ClusterDatesSessionsByIt()
    {
        var now = _time.GetUtcNow();
        var token = await _client.RegisterAsync(NewEmail());

        var (_, body) = await _client.GetAsync("/account/sessions", token);
        var session = body.GetProperty("sessions")[0];

        Assert.That(_app.Resolve<TimeProvider>(), Is.SameAs(_time));
        Assert.That(session.GetProperty("createdAt").GetDateTimeOffset(), Is.EqualTo(now));
        Assert.That(session.GetProperty("expiresAt").GetDateTimeOffset(), Is.EqualTo(now.AddDays(7)));
    }

    [Test]
    public async Task ResetPassword_TokenJustUnderOneHourOld_Succeeds()
    {
        var email = NewEmail();
        await _client.RegisterAsync(email);
        await _client.PostAsync("/account/password/forgot", new { email });
        var token = await _app.Outbox.TakeTokenAsync(email);

        _time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1));
        var (status, _) = await _client.PostAsync("/account/password/reset", new { token, password = "a brand new passphrase" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ResetPassword_TokenOneHourOld_InvalidTokenAndPasswordUnchanged()
    {
        var email = NewEmail();
        await _client.RegisterAsync(email);
        await _client.PostAsync("/account/password/forgot", new { email });
        var token = await _app.Outbox.TakeTokenAsync(email);

        _time.Advance(TimeSpan.FromHours(1));
        var (status, body) = await _client.PostAsync("/account/password/reset", new { token, password = "a brand new passphrase" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetRawText(), Is.EqualTo(InvalidTokenBody));
        Assert.That((await _client.PostAsync("/auth/login", new { email, password = "correct horse battery staple" })).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task VerifyEmail_Token24HoursOld_InvalidTokenAndStillUnverified()
    {
        var email = NewEmail();
        var session = await _client.RegisterAsync(email);
        await _client.PostAsync("/account/email/verification", token: session);
        var token = await _app.Outbox.TakeTokenAsync(email);

        _time.Advance(TimeSpan.FromHours(24));
        var (status, body) = await _client.PostAsync("/account/email/verify", new { token });
        var (_, me) = await _client.GetAsync("/account/me", session);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetRawText(), Is.EqualTo(InvalidTokenBody));
        Assert.That(me.GetProperty("emailVerified").ValueKind, Is.EqualTo(JsonValueKind.False));
    }
}
