using System.Diagnostics;
using JustScale.Auth.Tests.Support;
using JustScale.Postgres;
using JustScale.Testing;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Telemetry;

/// <summary>Listens to the JustScale.Auth and JustScale.Postgres activity sources while a real cluster registers, logs in and creates a session.</summary>
[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class AuthActivitiesTests(StoreKind store)
{
    private const string Password = "correct horse battery staple";
    private const string Email = "grace.hopper@example.com";
    private AuthTestCluster _auth = null!;

    [OneTimeSetUp]
    public async Task StartCluster() =>
        _auth = await AuthTestCluster.CreateAsync(store, new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero)), options => options.Passwords.Cost = 1024);

    [OneTimeTearDown]
    public async Task StopCluster() => await _auth.DisposeAsync();

    [Test]
    public async Task Authenticate_RightThenWrongPassword_OneActivityEachWithResultAndUserIdOnlyOnSuccess()
    {
        var user = await _auth.Users.RegisterAsync(Email, Password);
        using var activities = ActivityCapture.Start(AuthTelemetry.Name, PostgresTelemetry.Name);

        await _auth.Users.AuthenticateAsync(Email, Password);
        await _auth.Users.AuthenticateAsync(Email, "wrong password");

        var logins = activities.Named("justscale.auth.authenticate");
        Assert.That(logins, Has.Count.EqualTo(2));
        Assert.That(logins.Select(a => a.Kind), Is.All.EqualTo(ActivityKind.Internal));
        Assert.That(logins.Select(a => a.Source.Name), Is.All.EqualTo("JustScale.Auth"));
        Assert.That(logins[0].GetTagItem("justscale.auth.result"), Is.EqualTo("succeeded"));
        Assert.That(logins[0].GetTagItem("enduser.id"), Is.EqualTo(user.Id.ToString()));
        Assert.That(logins[0].Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(logins[1].GetTagItem("justscale.auth.result"), Is.EqualTo("failed"));
        Assert.That(logins[1].GetTagItem("enduser.id"), Is.Null);
        AssertNoSecret(activities, user);
    }

    [Test]
    public async Task Authenticate_OnPostgres_RepositoryCallsAreChildActivitiesWithDatabaseTags()
    {
        if (store != StoreKind.Postgres)
        {
            Assert.Ignore("The in-memory store is not traced.");
        }

        var user = await _auth.Users.RegisterAsync("katherine.johnson@example.com", Password);
        using var activities = ActivityCapture.Start(AuthTelemetry.Name, PostgresTelemetry.Name);

        await _auth.Users.AuthenticateAsync("katherine.johnson@example.com", Password);

        var login = activities.Named("justscale.auth.authenticate").Single();
        var find = activities.Named("justscale.postgres find users").Single();
        var update = activities.Named("justscale.postgres update_where users").Single();
        Assert.That(find.ParentSpanId, Is.EqualTo(login.SpanId));
        Assert.That(update.ParentSpanId, Is.EqualTo(login.SpanId));
        Assert.That(find.Kind, Is.EqualTo(ActivityKind.Client));
        Assert.That(find.Source.Name, Is.EqualTo("JustScale.Postgres"));
        Assert.That(find.TagObjects.ToDictionary(t => t.Key, t => t.Value), Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["db.system.name"] = "postgresql",
            ["db.collection.name"] = "users",
            ["db.operation.name"] = "SELECT",
            ["justscale.postgres.operation"] = "find",
        }));
        Assert.That(update.GetTagItem("db.operation.name"), Is.EqualTo("UPDATE"));
        AssertNoSecret(activities, user);
    }

    [Test]
    public async Task Register_TakenEmail_ErrorStatusWithTheExceptionTypeButNotItsMessage()
    {
        await _auth.Users.RegisterAsync("mary.jackson@example.com", Password);
        using var activities = ActivityCapture.Start(AuthTelemetry.Name, PostgresTelemetry.Name);

        Assert.ThrowsAsync<UserExistsException>(() => _auth.Users.RegisterAsync("mary.jackson@example.com", Password));

        var register = activities.Named("justscale.auth.register").Single();
        Assert.That(register.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(register.StatusDescription, Is.Null);
        Assert.That(register.GetTagItem("error.type"), Is.EqualTo(typeof(UserExistsException).FullName));
        Assert.That(register.Events, Is.Empty);
        Assert.That(AllTagValues(activities), Has.None.Contains("mary.jackson"));
    }

    [Test]
    public async Task RegisterAndCreateSession_Succeeded_ActivitiesTaggedWithTheNewUsersId()
    {
        using var activities = ActivityCapture.Start(AuthTelemetry.Name, PostgresTelemetry.Name);

        var user = await _auth.Users.RegisterAsync("dorothy.vaughan@example.com", Password);
        await _auth.Sessions.CreateAsync(user, new CreateSessionOptions { IpAddress = "203.0.113.77", UserAgent = "curl/8" });

        var register = activities.Named("justscale.auth.register").Single();
        var create = activities.Named("justscale.auth.session.create").Single();
        Assert.That(register.GetTagItem("enduser.id"), Is.EqualTo(user.Id.ToString()));
        Assert.That(create.GetTagItem("enduser.id"), Is.EqualTo(user.Id.ToString()));
        Assert.That(create.Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(AllTagValues(activities), Has.None.Contains("203.0.113.77").And.None.Contains("curl"));
        if (store == StoreKind.Postgres)
        {
            Assert.That(activities.Named("justscale.postgres insert sessions").Single().ParentSpanId, Is.EqualTo(create.SpanId));
        }
    }

    private static List<string> AllTagValues(ActivityCapture activities) =>
        [.. activities.Stopped.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString() ?? "")];

    private static void AssertNoSecret(ActivityCapture activities, User user)
    {
        var values = AllTagValues(activities);
        Assert.That(values, Has.None.Contains("@"));
        Assert.That(values, Has.None.Contains("horse").And.None.Contains("wrong password"));
        Assert.That(values, Has.None.Contains(user.PasswordHash).And.None.Contains(user.PasswordHash[..16]));
        Assert.That(activities.Stopped.Select(a => a.DisplayName), Has.None.Contains("@"));
    }
}
