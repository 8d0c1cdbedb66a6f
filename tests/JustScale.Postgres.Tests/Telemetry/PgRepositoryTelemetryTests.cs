using System.Diagnostics;
using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using JustScale.Testing;

namespace JustScale.Postgres.Tests.Telemetry;

/// <summary>Listens to the JustScale.Postgres activity source while a repository on a real PostgreSQL inserts, finds and fails.</summary>
[TestFixture]
public sealed class PgRepositoryTelemetryTests : PostgresFixture
{
    private static readonly Field<DocsUser, string> Email = DocsUser.Model.Field(u => u.Email);
    private IRepository<DocsUser> _users = null!;

    [OneTimeSetUp]
    public async Task StartCluster() => _users = (await StartClusterAsync(TimeProvider.System)).Resolve<IRepository<DocsUser>>();

    [Test]
    public async Task Repository_EachCall_OneClientActivityNamedAfterOperationAndTable()
    {
        using var activities = ActivityCapture.Start(PostgresTelemetry.Name);

        var user = await _users.InsertAsync(NewUser("telemetry.insert@example.com"));
        await _users.FindOneAsync(Filter<DocsUser>.Where(Email, "telemetry.insert@example.com"));
        await _users.GetAsync(user.Id);
        await _users.CountAsync(Filter<DocsUser>.Where(Email, "telemetry.insert@example.com"));
        await _users.DeleteAsync(user.Id);

        Assert.That(activities.Stopped.Select(a => a.OperationName), Is.EqualTo(new[]
        {
            "justscale.postgres insert users",
            "justscale.postgres find users",
            "justscale.postgres get users",
            "justscale.postgres count users",
            "justscale.postgres delete users",
        }));
        Assert.That(activities.Stopped.Select(a => a.Kind), Is.All.EqualTo(ActivityKind.Client));
        Assert.That(activities.Stopped.Select(a => a.ParentSpanId), Is.All.EqualTo(activities.Root.SpanId));
        Assert.That(activities.Stopped.Select(a => a.GetTagItem("db.system.name")), Is.All.EqualTo("postgresql"));
        Assert.That(activities.Stopped.Select(a => a.GetTagItem("db.collection.name")), Is.All.EqualTo("users"));
        Assert.That(activities.Stopped.Select(a => a.GetTagItem("db.operation.name")), Is.EqualTo(new[] { "INSERT", "SELECT", "SELECT", "SELECT", "DELETE" }));
        Assert.That(activities.Stopped.Select(a => a.Status), Is.All.EqualTo(ActivityStatusCode.Unset));
        Assert.That(activities.Stopped.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString()), Has.None.Contains("telemetry.insert"));
    }

    [Test]
    public async Task Repository_DuplicateInsert_ErrorStatusWithTheTranslatedTypeAndNoValue()
    {
        await _users.InsertAsync(NewUser("telemetry.twice@example.com"));
        using var activities = ActivityCapture.Start(PostgresTelemetry.Name);

        Assert.ThrowsAsync<UniqueConstraintException>(() => _users.InsertAsync(NewUser("telemetry.twice@example.com")));

        var insert = activities.Named("justscale.postgres insert users").Single();
        Assert.That(insert.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(insert.StatusDescription, Is.Null);
        Assert.That(insert.GetTagItem("error.type"), Is.EqualTo(typeof(UniqueConstraintException).FullName));
        Assert.That(insert.TagObjects.Select(t => t.Value?.ToString()), Has.None.Contains("telemetry.twice"));
    }
}
