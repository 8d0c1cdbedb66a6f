using System.Net;
using CompleteExample;
using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using JustScale.Testing;

namespace JustScale.Examples.Tests;

/// <summary>Boots the docs' complete example in-process, on each store, and runs the docs' flows over real HTTP.</summary>
/// <remarks>Each flow runs in both styles: the docs' <c>Listen(cluster, options)</c> and the hosted Program (AddJustScale, MapJustScale).</remarks>
[TestFixture("InMemory", "Listen")]
[TestFixture("InMemory", "Hosted")]
[TestFixture("Postgres", "Listen")]
[TestFixture("Postgres", "Hosted")]
public sealed class CompleteExampleFlowTests(string store, string style)
{
    private const string Password = "correct horse battery staple";
    private TestDatabase? _database;
    private RunningExample _example = null!;
    private ApiClient _client = null!;

    [OneTimeSetUp]
    public async Task StartExample()
    {
        string? connectionString = null;
        if (store == "Postgres")
        {
            _database = await TestPostgres.CreateDatabaseAsync("example");
            connectionString = _database.ConnectionString;
        }

        _example = await RunningExample.StartAsync(style, connectionString);
        _client = new ApiClient(_example.Url);
    }

    [OneTimeTearDown]
    public async Task StopExample()
    {
        _client.Dispose();
        await _example.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    [Test]
    public async Task Register_ThenProfileWithToken_ReturnsTheUser()
    {
        var email = NewEmail();
        var (status, body) = await _client.PostAsync("/auth/register", new { email = email.ToUpperInvariant(), password = Password, name = "Ada" });
        var token = body.GetProperty("token").GetString()!;

        var (profileStatus, profile) = await _client.GetAsync("/profile", token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(token, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(body.GetProperty("user").GetProperty("email").GetString(), Is.EqualTo(email));
        Assert.That(profileStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(profile.GetProperty("email").GetString(), Is.EqualTo(email));
        Assert.That(profile.GetProperty("name").GetString(), Is.EqualTo("Ada"));
        Assert.That(profile.GetProperty("id").GetString(), Is.EqualTo(body.GetProperty("user").GetProperty("id").GetString()));
        Assert.That(profile.ToString(), Does.Not.Contain("passwordHash"));
    }

    [Test]
    public async Task Login_RightPassword_NewWorkingToken()
    {
        var email = NewEmail();
        var registered = await _client.RegisterAsync(email);

        var (status, body) = await _client.PostAsync("/auth/login", new { email, password = Password });
        var token = body.GetProperty("token").GetString()!;

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(token, Is.Not.EqualTo(registered));
        Assert.That((await _client.GetAsync("/profile", token)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Register_Duplicate_409()
    {
        var email = NewEmail();
        await _client.RegisterAsync(email);

        var (status, body) = await _client.PostAsync("/auth/register", new { email, password = "another one" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(body.GetProperty("error").GetString(), Is.EqualTo("Email already registered"));
    }

    [Test]
    public async Task Login_WrongPasswordOrUnknownEmail_Same401()
    {
        var email = NewEmail();
        await _client.RegisterAsync(email);

        var wrong = await _client.PostAsync("/auth/login", new { email, password = "wrong password" });
        var unknown = await _client.PostAsync("/auth/login", new { email = NewEmail(), password = Password });

        Assert.That(wrong.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(unknown.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrong.Body.ToString(), Is.EqualTo("""{"error":"Invalid credentials"}"""));
        Assert.That(unknown.Body.ToString(), Is.EqualTo(wrong.Body.ToString()));
    }

    [Test]
    public async Task Profile_WithoutOrWithBadToken_401WithTheOriginalMessages()
    {
        var token = await _client.RegisterAsync(NewEmail());

        using var raw = new HttpClient { BaseAddress = _example.Url };
        using var basic = new HttpRequestMessage(HttpMethod.Get, "/profile");
        basic.Headers.TryAddWithoutValidation("Authorization", "Basic abc");
        using var lowercase = new HttpRequestMessage(HttpMethod.Get, "/profile");
        lowercase.Headers.TryAddWithoutValidation("Authorization", "bearer " + token);

        Assert.That((await _client.GetAsync("/profile")).Body.GetProperty("error").GetString(), Is.EqualTo("Missing Authorization header"));
        Assert.That(await ErrorOf(await raw.SendAsync(basic)), Is.EqualTo("Expected Bearer token"));
        Assert.That(await ErrorOf(await raw.SendAsync(lowercase)), Is.EqualTo("Expected Bearer token"));
        Assert.That((await _client.GetAsync("/profile", token.ToUpperInvariant())).Body.GetProperty("error").GetString(), Is.EqualTo("Invalid or expired session"));
        Assert.That((await _client.GetAsync("/profile", new string('0', 64))).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Feed_OptionalAuth_PersonalOrPublic()
    {
        var token = await _client.RegisterAsync(NewEmail());

        var anonymous = await _client.GetAsync("/feed");
        var personal = await _client.GetAsync("/feed", token);
        var badToken = await _client.GetAsync("/feed", "garbage");

        Assert.That(anonymous.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(anonymous.Body.GetProperty("feed")[0].GetString(), Is.EqualTo("Welcome to JustScale"));
        Assert.That(personal.Body.GetProperty("feed")[0].GetString(), Does.StartWith("Hello again"));
        Assert.That(badToken.Body.GetProperty("feed")[0].GetString(), Is.EqualTo("Welcome to JustScale"));
    }

    [Test]
    public async Task Admin_RequireAuth_AllowsAuthenticatedRefusesAnonymous()
    {
        var token = await _client.RegisterAsync(NewEmail());

        Assert.That((await _client.GetAsync("/admin", token)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _client.GetAsync("/admin")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Messages_RequireVerifiedEmail_403UntilVerified()
    {
        var email = NewEmail();
        var token = await _client.RegisterAsync(email);

        var before = await _client.PostAsync("/messages", new { text = "hello" }, token);
        var user = await _example.Resolve<UserService>().FindByEmailAsync(email);
        await _example.Resolve<UserService>().VerifyEmailAsync(user!.Id);
        var after = await _client.PostAsync("/messages", new { text = "hello" }, token);

        Assert.That(before.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(before.Body.ToString(), Is.EqualTo("""{"error":"Forbidden"}"""));
        Assert.That(after.Status, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(after.Body.GetProperty("text").GetString(), Is.EqualTo("hello"));
    }

    [Test]
    public async Task UpdateProfile_RequireSelf_OwnIdAllowedOtherRefused()
    {
        var ada = await _client.RegisterAsync(NewEmail());
        var bob = await _client.RegisterAsync(NewEmail());
        var adaId = (await _client.GetAsync("/profile", ada)).Body.GetProperty("id").GetString();

        var own = await _client.SendAsync(HttpMethod.Patch, $"/users/{adaId}", new { name = "Ada" }, ada);
        var other = await _client.SendAsync(HttpMethod.Patch, $"/users/{adaId}", new { name = "Bob" }, bob);

        Assert.That(own.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(own.Body.GetProperty("updated").GetBoolean(), Is.True);
        Assert.That(other.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Logout_RevokesCurrentSessionOnly_DeadTokenRefused()
    {
        var email = NewEmail();
        var first = await _client.RegisterAsync(email);
        var second = (await _client.PostAsync("/auth/login", new { email, password = Password })).Body.GetProperty("token").GetString()!;

        var (status, body) = await _client.PostAsync("/auth/logout", token: first);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("revoked").GetInt32(), Is.EqualTo(1));
        Assert.That((await _client.GetAsync("/profile", first)).Body.GetProperty("error").GetString(), Is.EqualTo("Invalid or expired session"));
        Assert.That((await _client.GetAsync("/profile", second)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task LogoutAll_RevokesEverySessionOfTheUser()
    {
        var email = NewEmail();
        var first = await _client.RegisterAsync(email);
        await _client.PostAsync("/auth/login", new { email, password = Password });
        await _client.PostAsync("/auth/login", new { email, password = Password });

        var (status, body) = await _client.PostAsync("/auth/logout-all", token: first);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("revoked").GetInt32(), Is.EqualTo(3));
        Assert.That((await _client.GetAsync("/profile", first)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Register_BadInput_Clear400AndNoRow()
    {
        var email = NewEmail();

        var missing = await _client.PostAsync("/auth/register", new { email });
        var malformed = await _client.PostAsync("/auth/register", new { email = "not-an-email", password = Password });
        var empty = await _client.PostAsync("/auth/register", new { email, password = "" });

        Assert.That(missing.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(missing.Body.GetProperty("fields").GetProperty("password").GetArrayLength(), Is.EqualTo(1));
        Assert.That(malformed.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(malformed.Body.GetProperty("error").GetString(), Is.EqualTo("Invalid email"));
        Assert.That(empty.Body.GetProperty("error").GetString(), Is.EqualTo("Password required"));
        Assert.That(await _example.Resolve<UserService>().FindByEmailAsync(email), Is.Null);
    }

    private static async Task<string?> ErrorOf(HttpResponseMessage response)
    {
        using (response)
        {
            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("error").GetString();
        }
    }
}
