using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using JustScale.Auth;
using JustScale.Core;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace JustScale.Auth.Tests.Endpoints.Account;

/// <summary>The findings of the third security round (issue 25) over HTTP, on AuthEndpointsFeature with PostgreSQL, rate limits
/// on, a mail outbox and <c>JustScale:Secrets:EncryptionKey</c> set; each test gets a fresh app (the per-IP limits are shared).</summary>
[TestFixture]
public sealed class SecurityRoundThreeTests
{
    private const string Password = "correct horse battery staple";
    private AccountApp _app = null!;
    private ApiClient _client = null!;

    [SetUp]
    public async Task Start()
    {
        _app = await AccountApp.StartAsync("Postgres",
            options => options.Settings["JustScale:Secrets:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            rateLimits: true);
        _client = new ApiClient(_app.Url);
    }

    [TearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static string NewEmail() => $"r3-{Guid.NewGuid():N}@example.com";

    private static string Code(System.Text.Json.JsonElement body) => body.TryGetProperty("code", out var code) ? code.GetString() ?? "" : "";

    [Test]
    public async Task Enable_WithoutOrWithAWrongPassword_RefusedWithItTenCodesAMailAndOtherSessionsOut()
    {
        var email = NewEmail();
        var session = await _client.RegisterAsync(email);
        var other = await _client.LoginAsync(email);
        var secret = (await _client.PostAsync("/account/2fa/setup", token: session)).Body.GetProperty("secret").GetString()!;
        var code = TotpCodes.At(secret, DateTimeOffset.UtcNow);

        var (missing, missingBody) = await _client.PostAsync("/account/2fa/enable", new { code }, session);
        var (wrong, wrongBody) = await _client.PostAsync("/account/2fa/enable", new { code, password = "not the password" }, session);
        var (enabled, body) = await _client.PostAsync("/account/2fa/enable", new { code, password = Password }, session);
        var mail = await _app.Outbox.TakeAsync(email);
        var (otherAfter, _) = await _client.GetAsync("/account/me", other);
        var (ownAfter, _) = await _client.GetAsync("/account/me", session);

        Assert.That(missing, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Code(missingBody), Is.EqualTo("invalid_body"));
        Assert.That(wrong, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Code(wrongBody), Is.EqualTo("invalid_current_password"));
        Assert.That(enabled, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("recoveryCodes").GetArrayLength(), Is.EqualTo(10));
        Assert.That(mail.Subject, Does.Contain("Two-step sign-in was turned on"));
        Assert.That(mail.TextBody, Does.Not.Contain("http"));
        Assert.That(otherAfter, Is.EqualTo(HttpStatusCode.Unauthorized), "turning two-factor login on signs out the other sessions");
        Assert.That(ownAfter, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Verify_25WrongCodesAtOnceOver5Tickets_AtMost10Unauthorized()
    {
        var email = NewEmail();
        var session = await _client.RegisterAsync(email);
        var secret = (await _client.PostAsync("/account/2fa/setup", token: session)).Body.GetProperty("secret").GetString()!;
        var right = TotpCodes.At(secret, DateTimeOffset.UtcNow);
        Assert.That((await _client.PostAsync("/account/2fa/enable", new { code = right, password = Password }, session)).Status, Is.EqualTo(HttpStatusCode.OK));
        var tickets = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tickets.Add((await _client.PostAsync("/auth/login", new { email, password = Password })).Body.GetProperty("ticket").GetString()!);
        }

        var wrong = right == "000000" ? "111111" : "000000";
        using var http = new HttpClient { BaseAddress = _app.Url };
        var answers = await Task.WhenAll(Enumerable.Range(0, 25).Select(async i =>
        {
            using var response = await http.PostAsJsonAsync("/account/2fa/verify", new { ticket = tickets[i % 5], code = wrong });
            return response.StatusCode;
        }));

        Assert.That(answers.Count(a => a == HttpStatusCode.Unauthorized), Is.LessThanOrEqualTo(10));
        Assert.That(answers.Count(a => a == HttpStatusCode.Unauthorized) + answers.Count(a => a == HttpStatusCode.TooManyRequests), Is.EqualTo(25));
    }

    [Test]
    public async Task VerificationResends_TenInARow_AtMostThreeMailsAndNoAttackerText()
    {
        var email = NewEmail();
        var session = await _client.RegisterAsync(email, name: "Hello Ada, your account is locked. Restore it now at https://evil.example/r,");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add((await _client.PostAsync("/account/email/verification", token: session)).Status);
        }

        var mails = _app.Outbox.MailsTo(email);
        Assert.That(answers.Take(3), Has.All.EqualTo(HttpStatusCode.Accepted));
        Assert.That(answers.Skip(3), Has.All.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(mails, Has.Count.LessThanOrEqualTo(3));
        Assert.That(mails.Select(m => m.TextBody + m.HtmlBody), Has.None.Contain("evil.example").And.None.Contain("locked"));
    }

    [Test]
    public async Task PasswordChange_30WrongCurrentPasswords_MeetA429()
    {
        var session = await _client.RegisterAsync(NewEmail());

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add((await _client.PostAsync("/account/password/change", new { currentPassword = $"guess {i} wrong", newPassword = "violet staple orbit 42" }, session)).Status);
        }

        Assert.That(answers, Has.Some.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(answers.Count(a => a == HttpStatusCode.BadRequest), Is.LessThanOrEqualTo(10));
    }

    [Test]
    public async Task TokenAndPersonalResponses_CarryNoStore()
    {
        var email = NewEmail();
        using var http = new HttpClient { BaseAddress = _app.Url };
        using var register = await http.PostAsJsonAsync("/auth/register", new { email, password = Password });
        using var login = await http.PostAsJsonAsync("/auth/login", new { email, password = Password });
        var token = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var me = await http.GetAsync("/account/me");
        using var sessions = await http.GetAsync("/account/sessions");

        foreach (var response in new[] { register, login, me, sessions })
        {
            Assert.That(response.IsSuccessStatusCode, Is.True, response.RequestMessage!.RequestUri!.ToString());
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True, response.RequestMessage!.RequestUri!.ToString());
        }
    }

    [TestCase("password")]
    [TestCase("12345678")]
    [TestCase("qwertyuiop")]
    [TestCase("iloveyou1")]
    [TestCase("\u0430dmin@example.com")]
    [TestCase("x@example.com.")]
    [TestCase("x,attacker@evil.com")]
    public async Task Register_CommonPasswordOrLookalikeEmail_BadRequest(string value)
    {
        var body = value.Contains('@') ? new { email = value, password = Password } : new { email = NewEmail(), password = value };

        var (status, answer) = await _client.PostAsync("/auth/register", body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), answer.ToString());
        Assert.That(Code(answer), Is.AnyOf("password_too_common", "invalid_email"));
    }

    [Test]
    public async Task KeyRing_WithTheEncryptionKeySet_TwoFactorWorksAndNoPlaintextMasterKeyStored()
    {
        var email = NewEmail();
        var session = await _client.RegisterAsync(email);
        var secret = (await _client.PostAsync("/account/2fa/setup", token: session)).Body.GetProperty("secret").GetString()!;
        Assert.That((await _client.PostAsync("/account/2fa/enable", new { code = TotpCodes.At(secret, DateTimeOffset.UtcNow), password = Password }, session)).Status, Is.EqualTo(HttpStatusCode.OK));

        var connectionString = _app.Resolve<IConfiguration>()["ConnectionStrings:Postgres"]!;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys", connection);
        var rows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        Assert.That(rows, Is.Not.Empty);
        Assert.That(rows, Has.None.Contain("<masterKey"));
        Assert.That(rows, Has.All.Contain("encryptedSecret"));
    }
}
