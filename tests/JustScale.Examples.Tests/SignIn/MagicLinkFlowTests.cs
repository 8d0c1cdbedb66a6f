using System.Net;
using System.Text.Json;
using JustScale.Examples.Tests.Account;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Examples.Tests.SignIn;

/// <summary>Runs sign-in by mailed link on the hosted complete example over real Kestrel, on each store, reading the mails from its outbox.</summary>
[TestFixture("InMemory")]
[TestFixture("Postgres")]
public sealed class MagicLinkFlowTests(string store)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private AccountApp _app = null!;
    private ApiClient _client = null!;

    [OneTimeSetUp]
    public async Task StartExample()
    {
        _app = await AccountApp.StartAsync(store, builder => builder.Services.AddSingleton<TimeProvider>(_time));
        _client = new ApiClient(_app.Url);
    }

    [OneTimeTearDown]
    public async Task StopExample()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static string NewEmail() => $"link-{Guid.NewGuid():N}@example.com";

    [Test]
    public async Task MagicLink_KnownAndUnknownEmail_SameAnswerAndOnlyKnownGetsMail()
    {
        var known = NewEmail();
        var unknown = NewEmail();
        await _client.RegisterAsync(known);

        var (knownStatus, knownBody) = await _client.PostAsync("/auth/magic-link", new { email = known });
        var (unknownStatus, unknownBody) = await _client.PostAsync("/auth/magic-link", new { email = unknown });
        var mail = await _app.Outbox.TakeAsync(known);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(knownStatus, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(unknownStatus, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(unknownBody.GetRawText(), Is.EqualTo(knownBody.GetRawText()), "the answer tells nobody who has an account");
            Assert.That(Outbox.TokenOf(mail), Does.Match("^[0-9a-f]{64}$"));
            Assert.That(mail.TextBody, Does.Contain("/magic-link?token="));
            Assert.That(_app.Outbox.MailsTo(unknown), Is.Empty, "no mail and no account for an unknown address");
        }

        var (login, _) = await _client.PostAsync("/auth/magic-link/verify", new { token = new string('a', 64) });
        Assert.That(login, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task MagicLinkVerify_MailedToken_SignsInOnceAndVerifiesEmail()
    {
        var email = NewEmail();
        var registeredToken = await _client.RegisterAsync(email);
        var (_, before) = await _client.GetAsync("/account/me", registeredToken);
        await _client.PostAsync("/auth/magic-link", new { email });
        var token = await _app.Outbox.TakeTokenAsync(email);

        var (status, body) = await _client.PostAsync("/auth/magic-link/verify", new { token });
        var session = body.GetProperty("token").GetString()!;
        var (_, me) = await _client.GetAsync("/account/me", session);
        var (again, againBody) = await _client.PostAsync("/auth/magic-link/verify", new { token });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(me.GetProperty("email").GetString(), Is.EqualTo(email));
            Assert.That(before.GetProperty("emailVerified").GetBoolean(), Is.False);
            Assert.That(me.GetProperty("emailVerified").GetBoolean(), Is.True, "opening the link proves the mailbox");
            Assert.That(again, Is.EqualTo(HttpStatusCode.BadRequest), "single use");
            Assert.That(againBody.GetProperty("code").GetString(), Is.EqualTo("invalid_token"));
        }
    }

    [Test]
    public async Task MagicLinkVerify_After15Minutes_Refused()
    {
        var email = NewEmail();
        await _client.RegisterAsync(email);
        await _client.PostAsync("/auth/magic-link", new { email });
        var token = await _app.Outbox.TakeTokenAsync(email);

        _time.Advance(TimeSpan.FromMinutes(15));
        var (status, _) = await _client.PostAsync("/auth/magic-link/verify", new { token });

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task MagicLinkVerify_TwoFactorOn_AnswersTheSecondStepNotAToken()
    {
        var email = NewEmail();
        var session = await _client.RegisterAsync(email);
        var (_, setup) = await _client.PostAsync("/account/2fa/setup", token: session);
        var (enabled, _) = await _client.PostAsync("/account/2fa/enable", new { code = TotpCodes.At(setup.GetProperty("secret").GetString()!, _time.GetUtcNow()), password = "correct horse battery staple" }, session);
        await _client.PostAsync("/auth/magic-link", new { email });
        var token = await _app.Outbox.TakeTokenAsync(email);

        var (status, body) = await _client.PostAsync("/auth/magic-link/verify", new { token });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(enabled, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("twoFactorRequired").GetBoolean(), Is.True, body.ToString());
            Assert.That(body.TryGetProperty("token", out _), Is.False, "a link alone never makes a session when two-factor login is on");
        }
    }
}
