using System.Net;
using JustScale.Auth.Tests.Support;
using JustScale.Core;

namespace JustScale.Auth.Tests.SignIn;

/// <summary>The shipped sign-in routes (<c>SignInPrefix = "/auth"</c>) in a hosted app over real Kestrel, on both stores.</summary>
[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class SignInRoutesTests(StoreKind store)
{
    private SignInApp _app = null!;

    [OneTimeSetUp]
    public async Task Start() => _app = await SignInApp.StartAsync(store);

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private static string NewEmail() => $"u-{Guid.NewGuid():N}@example.com";

    [Test]
    public async Task RegisterLoginLogout_ShippedRoutes_SessionWorksUntilLogout()
    {
        var email = NewEmail();
        var (registered, registerBody, _) = await _app.PostAsync("/auth/register", new { email, password = SignInApp.Password, name = "Ada" });
        var (loggedIn, loginBody, _) = await _app.PostAsync("/auth/login", new { email, password = SignInApp.Password });
        var token = loginBody.GetProperty("token").GetString()!;
        var (before, me, _) = await _app.GetAsync("/notes/mine", bearer: token);
        var (loggedOut, logoutBody, _) = await _app.PostAsync("/auth/logout", bearer: token);
        var (after, _, _) = await _app.GetAsync("/notes/mine", bearer: token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(registered, Is.EqualTo(HttpStatusCode.OK), registerBody.ToString());
            Assert.That(registerBody.GetProperty("token").GetString(), Does.Match("^[0-9a-f]{64}$"));
            Assert.That(registerBody.GetProperty("user").GetProperty("email").GetString(), Is.EqualTo(email));
            Assert.That(loggedIn, Is.EqualTo(HttpStatusCode.OK), loginBody.ToString());
            Assert.That(before, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(me.GetProperty("email").GetString(), Is.EqualTo(email));
            Assert.That(loggedOut, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(logoutBody.GetProperty("revoked").GetInt32(), Is.EqualTo(1));
            Assert.That(after, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
    }

    [Test]
    public async Task LogoutAll_ThreeSessions_RevokesEveryOne()
    {
        var email = NewEmail();
        var first = await _app.RegisterAsync(email);
        var second = (await _app.PostAsync("/auth/login", new { email, password = SignInApp.Password })).Body.GetProperty("token").GetString()!;
        var third = (await _app.PostAsync("/auth/login", new { email, password = SignInApp.Password })).Body.GetProperty("token").GetString()!;

        var (status, body, _) = await _app.PostAsync("/auth/logout-all", bearer: second);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("revoked").GetInt32(), Is.EqualTo(3));
        foreach (var token in new[] { first, second, third })
        {
            Assert.That((await _app.GetAsync("/notes/mine", bearer: token)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
    }

    [Test]
    public async Task Login_WrongPassword_401InvalidCredentials()
    {
        var email = NewEmail();
        await _app.RegisterAsync(email);

        var (status, body, _) = await _app.PostAsync("/auth/login", new { email, password = "not the password" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(body.GetProperty("code").GetString(), Is.EqualTo("invalid_credentials"));
        Assert.That(body.TryGetProperty("token", out _), Is.False);
    }

    [Test]
    public async Task Register_TakenEmail_409WithoutEchoingIt()
    {
        var email = NewEmail();
        await _app.RegisterAsync(email);

        var (status, body, _) = await _app.PostAsync("/auth/register", new { email, password = SignInApp.Password });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(body.GetProperty("code").GetString(), Is.EqualTo("user_exists"));
        Assert.That(body.ToString(), Does.Not.Contain(email));
    }

    [TestCase("""{"email":"not-an-email","password":"correct horse battery staple"}""", null)]
    [TestCase("""{"password":"correct horse battery staple"}""", "invalid_body")]
    [TestCase("""{"email":"@EMAIL@","password":"short"}""", null)]
    [TestCase("""{"email":"@EMAIL@","password":"correct horse battery staple","name":7}""", "invalid_body")]
    public async Task Register_BadInput_400AndNoUserStored(string json, string? code)
    {
        var email = NewEmail();
        using var content = new StringContent(json.Replace("@EMAIL@", email, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");

        using var response = await _app.Client.PostAsync("/auth/register", content);
        var body = await response.Content.ReadAsStringAsync();
        var users = _app.Service<IRepository<User>>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        if (code is not null)
        {
            Assert.That(body, Does.Contain($"\"code\":\"{code}\""));
        }

        Assert.That(await users.CountAsync(Filter<User>.Where(User.Model.Field(u => u.Email), email)), Is.Zero);
        Assert.That(await users.CountAsync(Filter<User>.Where(User.Model.Field(u => u.Email), "not-an-email")), Is.Zero);
    }
}
