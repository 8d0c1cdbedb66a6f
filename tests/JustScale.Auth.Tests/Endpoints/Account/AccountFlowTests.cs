using System.Net;
using System.Text.Json;
using JustScale.Auth;

namespace JustScale.Auth.Tests.Endpoints.Account;

/// <summary>Runs AuthEndpointsFeature's account routes (/account, issue 14) on a TestApp over real Kestrel, on each store, reading the mails from its outbox.</summary>
/// <remarks>Split by flow: this file (profile, email verification, register policy), .Password.cs, .Sessions.cs.</remarks>
[TestFixture("InMemory")]
[TestFixture("Postgres")]
public sealed partial class AccountFlowTests(string store)
{
    private const string Password = "correct horse battery staple";
    private const string NewPassword = "a brand new passphrase";
    private const string InvalidTokenBody = """{"error":"Invalid or expired token","code":"invalid_token"}""";
    private AccountApp _app = null!;
    private ApiClient _client = null!;

    private Outbox Outbox => _app.Outbox;

    [OneTimeSetUp]
    public async Task StartExample()
    {
        _app = await AccountApp.StartAsync(store);
        _client = new ApiClient(_app.Url);
    }

    [OneTimeTearDown]
    public async Task StopExample()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static string NewEmail() => $"acct-{Guid.NewGuid():N}@example.com";

    private static string Code(JsonElement body) => body.TryGetProperty("code", out var code) ? code.GetString() ?? "" : "";

    [Test]
    public async Task Me_Registered_ReturnsIdEmailNameAndUnverified()
    {
        var email = NewEmail();
        var (_, registered) = await _client.PostAsync("/auth/register", new { email, password = Password, name = "Ada" });
        var token = registered.GetProperty("token").GetString()!;

        var (status, me) = await _client.GetAsync("/account/me", token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(me.GetProperty("id").GetString(), Is.EqualTo(registered.GetProperty("user").GetProperty("id").GetString()));
        Assert.That(me.GetProperty("email").GetString(), Is.EqualTo(email));
        Assert.That(me.GetProperty("name").GetString(), Is.EqualTo("Ada"));
        Assert.That(me.GetProperty("emailVerified").ValueKind, Is.EqualTo(JsonValueKind.False));
        Assert.That(me.GetRawText(), Does.Not.Contain("passwordHash").And.Not.Contain(token));
    }

    [Test]
    public async Task Me_NoToken_Unauthorized()
    {
        var (status, _) = await _client.GetAsync("/account/me");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task EmailVerification_RequestThenVerifyWithMailedToken_MeSaysVerified()
    {
        var email = NewEmail();
        var token = await _client.RegisterAsync(email);

        var (requested, requestBody) = await _client.PostAsync("/account/email/verification", token: token);
        var mail = await Outbox.TakeAsync(email);
        var verifyToken = Outbox.TokenOf(mail);
        var (verified, verifyBody) = await _client.PostAsync("/account/email/verify", new { token = verifyToken });
        var (_, me) = await _client.GetAsync("/account/me", token);

        Assert.That(requested, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(requestBody.GetRawText(), Is.EqualTo("""{"ok":true}"""));
        Assert.That(mail.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { email }));
        Assert.That(verifyToken, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(verified, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(verifyBody.GetRawText(), Is.EqualTo("""{"verified":true}"""));
        Assert.That(me.GetProperty("emailVerified").ValueKind, Is.EqualTo(JsonValueKind.True));
    }

    [Test]
    public async Task EmailVerification_NoBearer_UnauthorizedAndNoMail()
    {
        var (status, _) = await _client.PostAsync("/account/email/verification");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task EmailVerify_TokenUsedTwice_SecondIsInvalidToken()
    {
        var email = NewEmail();
        var token = await _client.RegisterAsync(email);
        await _client.PostAsync("/account/email/verification", token: token);
        var verifyToken = await Outbox.TakeTokenAsync(email);

        var (first, _) = await _client.PostAsync("/account/email/verify", new { token = verifyToken });
        var (second, body) = await _client.PostAsync("/account/email/verify", new { token = verifyToken });

        Assert.That(first, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetRawText(), Is.EqualTo(InvalidTokenBody));
    }

    [TestCase("0000000000000000000000000000000000000000000000000000000000000000")]
    [TestCase("not-a-token")]
    [TestCase("")]
    public async Task EmailVerify_UnknownOrMalformedToken_InvalidToken(string token)
    {
        var (status, body) = await _client.PostAsync("/account/email/verify", new { token });

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetRawText(), Is.EqualTo(InvalidTokenBody));
    }

    [Test]
    public async Task EmailVerify_ResetPasswordToken_InvalidTokenAndResetStillWorks()
    {
        var email = NewEmail();
        await _client.RegisterAsync(email);
        await _client.PostAsync("/account/password/forgot", new { email });
        var resetToken = await Outbox.TakeTokenAsync(email);

        var (verify, verifyBody) = await _client.PostAsync("/account/email/verify", new { token = resetToken });
        var (reset, _) = await _client.PostAsync("/account/password/reset", new { token = resetToken, password = NewPassword });
        var (_, me) = await _client.GetAsync("/account/me", (await _client.LoginAsync(email, NewPassword)));

        Assert.That(verify, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(verifyBody.GetRawText(), Is.EqualTo(InvalidTokenBody));
        Assert.That(reset, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(me.GetProperty("emailVerified").ValueKind, Is.EqualTo(JsonValueKind.False));
    }

    [Test]
    public async Task Register_SevenCharacterPassword_PasswordTooShortAndNoUserCreated()
    {
        var email = NewEmail();

        var (status, body) = await _client.PostAsync("/auth/register", new { email, password = "1234567" });
        var stored = await _app.Resolve<UserService>().FindByEmailAsync(email);
        var (retry, _) = await _client.PostAsync("/auth/register", new { email, password = "12345678x" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Code(body), Is.EqualTo("password_too_short"));
        Assert.That(body.GetProperty("error").GetString(), Is.Not.Empty);
        Assert.That(stored, Is.Null);
        Assert.That(retry, Is.EqualTo(HttpStatusCode.OK));
    }
}
