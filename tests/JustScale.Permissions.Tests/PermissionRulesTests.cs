using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Permissions.Tests;

/// <summary>Rules on the model: the guard's answer and the query's rows agree, on both stores.</summary>
[TestFixture("InMemory")]
[TestFixture("Postgres")]
public sealed class PermissionRulesTests(string store)
{
    private PermissionStore _store = null!;

    [OneTimeSetUp]
    public async Task Start() => _store = await PermissionStore.StartAsync(store);

    [OneTimeTearDown]
    public async Task Stop() => await _store.DisposeAsync();

    // alice owns org A, bob is a member of A, carol owns org B, dave is in no organization but owns a document in B.
    private async Task<World> WorldAsync()
    {
        var (alice, bob, carol, dave) = (await _store.NewUserAsync("alice"), await _store.NewUserAsync("bob"), await _store.NewUserAsync("carol"), await _store.NewUserAsync("dave"));
        var orgA = await _store.Organizations.CreateAsync(alice, "A");
        var orgB = await _store.Organizations.CreateAsync(carol, "B");
        var (_, token) = await _store.Organizations.InviteAsync(orgA.Id, alice, bob.Email, OrganizationRoles.Member);
        await _store.Organizations.AcceptAsync(bob, token);
        return new World(alice, bob, carol, dave, orgA, orgB,
            await _store.NewDocAsync(orgA, alice, "a1"), await _store.NewDocAsync(orgA, bob, "draft a2"),
            await _store.NewDocAsync(orgB, carol, "b1"), await _store.NewDocAsync(orgB, dave, "draft d1"));
    }

    private async Task<string[]> VisibleAsync(User user, Permission<Doc> permission) =>
        [.. (await _store.Permissions.FindAllowedAsync(_store.Docs, user, permission)).Select(d => d.Title).Order(StringComparer.Ordinal)];

    [Test]
    public async Task FindAllowed_MemberOrOwnerRules_ReturnsExactlyTheVisibleDocuments()
    {
        var w = await WorldAsync();

        Assert.That(await VisibleAsync(w.Alice, Doc.Can.View), Is.EqualTo(new[] { "a1", "draft a2" }));
        Assert.That(await VisibleAsync(w.Bob, Doc.Can.View), Is.EqualTo(new[] { "a1", "draft a2" }));
        Assert.That(await VisibleAsync(w.Carol, Doc.Can.View), Is.EqualTo(new[] { "b1", "draft d1" }));
        Assert.That(await VisibleAsync(w.Dave, Doc.Can.View), Is.EqualTo(new[] { "draft d1" }), "the owner rule alone");
    }

    [Test]
    public async Task CanAsync_EveryUserAndDocument_AgreesWithTheQuery()
    {
        var w = await WorldAsync();
        foreach (var permission in new[] { Doc.Can.View, Doc.Can.Edit })
        {
            foreach (var user in w.Users)
            {
                var visible = (await _store.Permissions.FindAllowedAsync(_store.Docs, user, permission)).Select(d => d.Id).ToHashSet();
                foreach (var doc in w.Docs)
                {
                    Assert.That(await _store.Permissions.CanAsync(user, permission, doc), Is.EqualTo(visible.Contains(doc.Id)), $"{permission} {user.Email} {doc.Title}");
                }
            }
        }
    }

    [Test]
    public async Task Edit_OwnerOrOrganizationAdmin_OthersRefused()
    {
        var w = await WorldAsync();

        Assert.That(await VisibleAsync(w.Alice, Doc.Can.Edit), Is.EqualTo(new[] { "a1", "draft a2" }), "alice owns org A");
        Assert.That(await VisibleAsync(w.Bob, Doc.Can.Edit), Is.EqualTo(new[] { "draft a2" }), "a member edits only his own");
        Assert.That(await VisibleAsync(w.Carol, Doc.Can.Edit), Is.EqualTo(new[] { "b1", "draft d1" }));
        Assert.That(await VisibleAsync(w.Dave, Doc.Can.Edit), Is.EqualTo(new[] { "draft d1" }));
    }

    [Test]
    public async Task Granted_DeniedUntilGranted_ThenOneThenEveryThenRevoked()
    {
        var w = await WorldAsync();
        var dave = new Principal(Principals.User, w.Dave.Id);

        Assert.That(await VisibleAsync(w.Dave, Doc.Can.Audit), Is.Empty);
        await _store.Grants.GrantAsync(dave, Doc.Can.Audit, w.A1.Id);
        Assert.That(await VisibleAsync(w.Dave, Doc.Can.Audit), Is.EqualTo(new[] { "a1" }));
        Assert.That(await _store.Permissions.CanAsync(w.Dave, Doc.Can.Audit, w.A1), Is.True);
        Assert.That(await _store.Permissions.CanAsync(w.Dave, Doc.Can.Audit, w.A2), Is.False);
        Assert.That(await VisibleAsync(w.Dave, Doc.Can.Edit), Is.EqualTo(new[] { "draft d1" }), "a grant of audit grants nothing else");

        await _store.Grants.GrantAsync(dave, Doc.Can.Audit);
        Assert.That(await _store.Permissions.ConditionAsync(w.Dave, Doc.Can.Audit), Is.SameAs(Filter<Doc>.All));
        Assert.That(await _store.Permissions.CanAsync(w.Dave, Doc.Can.Audit, w.B1), Is.True);

        Assert.That(await _store.Grants.RevokeAsync(dave, Doc.Can.Audit), Is.True);
        Assert.That(await _store.Grants.RevokeAsync(dave, Doc.Can.Audit, w.A1.Id), Is.True);
        Assert.That(await VisibleAsync(w.Dave, Doc.Can.Audit), Is.Empty);
    }

    [Test]
    public async Task Check_GuardsOneDocument_ButCannotBecomeAQuery()
    {
        var w = await WorldAsync();

        Assert.That(await _store.Permissions.CanAsync(w.Bob, Doc.Can.Publish, w.A2), Is.True);
        Assert.That(await _store.Permissions.CanAsync(w.Alice, Doc.Can.Publish, w.A1), Is.False);
        Assert.That(await _store.Permissions.CanAsync(w.Alice, Doc.Can.Publish, w.A2), Is.False, "not hers");
        var error = Assert.ThrowsAsync<InvalidOperationException>(async () => await _store.Permissions.FindAllowedAsync(_store.Docs, w.Bob, Doc.Can.Publish));
        Assert.That(error!.Message, Does.Contain("Doc").And.Contain("Check"));
    }

    [Test]
    public async Task AlwaysAndForCreate_EveryoneReads_MembersCreate()
    {
        var w = await WorldAsync();
        var outsider = await _store.NewUserAsync("outsider");

        Assert.That(await _store.Permissions.ConditionAsync(outsider, Doc.Can.Read), Is.SameAs(Filter<Doc>.All));
        Assert.That(await _store.Permissions.CanCreateAsync(w.Bob, Doc.Can.Create), Is.True);
        Assert.That(await _store.Permissions.CanCreateAsync(outsider, Doc.Can.Create), Is.False);
        Assert.That(await _store.Permissions.ConditionAsync(w.Bob, Doc.Can.Create), Is.Null, "a create rule permits nothing on existing documents");
    }

    [Test]
    public async Task Memberships_RoleChangeAndRemoval_EffectiveOnTheNextCheck()
    {
        var w = await WorldAsync();
        Assert.That(await _store.Permissions.CanAsync(w.Bob, Doc.Can.Edit, w.A1), Is.False);

        await _store.Organizations.ChangeRoleAsync(w.OrgA.Id, w.Alice, w.Bob.Id, OrganizationRoles.Admin);
        Assert.That(await _store.Permissions.CanAsync(w.Bob, Doc.Can.Edit, w.A1), Is.True);

        await _store.Organizations.RemoveAsync(w.OrgA.Id, w.Alice, w.Bob.Id);
        Assert.That(await _store.Permissions.CanAsync(w.Bob, Doc.Can.Edit, w.A1), Is.False);
        Assert.That(await VisibleAsync(w.Bob, Doc.Can.View), Is.EqualTo(new[] { "draft a2" }), "only the owner rule is left");
    }

    [Test]
    public async Task Checker_MalformedIdMissingEntityOrDisabledUser_FailsClosed()
    {
        var w = await WorldAsync();
        var docs = _store.Get<PermissionChecker<Doc>>();
        var organizations = _store.Get<PermissionChecker<Organization>>();

        Assert.That(await docs.AllowsAsync(w.Alice, Doc.Can.View, w.A1.Id.ToString()), Is.True);
        Assert.That(await docs.AllowsAsync(w.Alice, Doc.Can.View, "not-an-id"), Is.False);
        Assert.That(await docs.AllowsAsync(w.Alice, Doc.Can.View, null), Is.False);
        Assert.That(await docs.AllowsAsync(w.Alice, Doc.Can.View, Guid.NewGuid().ToString()), Is.False);
        Assert.That(await organizations.AllowsAsync(w.Bob, Organization.Can.View, w.OrgA.Id.ToString()), Is.True);
        Assert.That(await organizations.AllowsAsync(w.Bob, Organization.Can.Manage, w.OrgA.Id.ToString()), Is.False);
        Assert.That(await organizations.AllowsAsync(w.Bob, Organization.Can.View, w.OrgB.Id.ToString()), Is.False);

        w.Alice.DisabledAt = _store.Time.GetUtcNow();
        Assert.That(await docs.AllowsAsync(w.Alice, Doc.Can.View, w.A1.Id.ToString()), Is.False);
        Assert.That(await _store.Permissions.ConditionAsync(w.Alice, Doc.Can.View), Is.Null);
    }

    private sealed record World(User Alice, User Bob, User Carol, User Dave, Organization OrgA, Organization OrgB, Doc A1, Doc A2, Doc B1, Doc D1)
    {
        public User[] Users => [Alice, Bob, Carol, Dave];

        public Doc[] Docs => [A1, A2, B1, D1];
    }
}
