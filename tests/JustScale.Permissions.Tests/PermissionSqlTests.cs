using System.Diagnostics;
using JustScale.Core;
using JustScale.Postgres;
using JustScale.Testing;

namespace JustScale.Permissions.Tests;

/// <summary>On PostgreSQL a permission-filtered list is one statement: the rules become its WHERE clause, nothing is filtered in memory.</summary>
public sealed class PermissionSqlTests
{
    private PermissionStore _store = null!;

    [OneTimeSetUp]
    public async Task Start() => _store = await PermissionStore.StartAsync("Postgres");

    [OneTimeTearDown]
    public async Task Stop() => await _store.DisposeAsync();

    [Test]
    public async Task FindAllowed_OnPostgres_OneStatementForTheListWithTheRulesInItsWhere()
    {
        var alice = await _store.NewUserAsync("alice");
        var bob = await _store.NewUserAsync("bob");
        var mine = await _store.Organizations.CreateAsync(alice, "mine");
        var theirs = await _store.Organizations.CreateAsync(bob, "theirs");
        for (var i = 0; i < 20; i++)
        {
            await _store.NewDocAsync(i % 2 == 0 ? mine : theirs, i % 4 == 1 ? alice : bob, $"doc {i}");
        }

        IReadOnlyList<Doc> visible;
        using (var capture = ActivityCapture.Start(PostgresTelemetry.Name, "Npgsql"))
        {
            visible = await _store.Permissions.FindAllowedAsync(_store.Docs, alice, Doc.Can.View);
            var ours = capture.Stopped.Where(a => a.Source.Name == PostgresTelemetry.Name).ToList();
            var commands = capture.Stopped.Where(a => a.Source.Name == "Npgsql").ToList();

            Assert.That(ours.Select(a => a.GetTagItem("db.collection.name")), Is.EqualTo(new[] { "memberships", "permission_grants", "docs" }),
                "the principals (the caller's memberships and grants: View has a Granted rule), then the documents: one statement");
            Assert.That(commands, Has.Count.EqualTo(3), "three SQL commands in all");
            var list = commands.Select(TextOf).Single(text => text.Contains("FROM docs", StringComparison.Ordinal));
            Assert.That(list, Does.Contain("WHERE ((organization_id = ANY($1)) OR (owner_id = ANY($2)))"), "the member rule OR the owner rule, in the WHERE");
        }

        // alice sees her organization's ten documents and the five she owns in bob's, and nothing else.
        Assert.That(visible, Has.Count.EqualTo(15));
        Assert.That(visible.All(d => d.Organization.Id == mine.Id || d.Owner.Id == alice.Id), Is.True);
    }

    [Test]
    public async Task FindAllowed_CallerWithNoPrincipalThatPermits_SendsNoListQuery()
    {
        var loner = await _store.NewUserAsync("loner");
        using var capture = ActivityCapture.Start(PostgresTelemetry.Name);

        var visible = await _store.Permissions.FindAllowedAsync(_store.Docs, loner, Doc.Can.Audit);

        Assert.That(visible, Is.Empty);
        Assert.That(capture.Stopped.Select(a => a.GetTagItem("db.collection.name")), Is.EqualTo(new[] { "permission_grants" }),
            "Audit needs only the user's grants: no membership read, and with none granted no document query");
    }

    private static string TextOf(Activity command) =>
        (command.GetTagItem("db.query.text") ?? command.GetTagItem("db.statement"))?.ToString() ?? "";
}
