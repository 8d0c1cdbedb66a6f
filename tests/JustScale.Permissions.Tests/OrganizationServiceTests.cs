using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Permissions.Tests;

/// <summary>Organizations on both stores: invitations bound to an email, single use and expiring; roles; the last owner stays.</summary>
[TestFixture("InMemory")]
[TestFixture("Postgres")]
public sealed class OrganizationServiceTests(string store)
{
    private PermissionStore _store = null!;

    [OneTimeSetUp]
    public async Task Start() => _store = await PermissionStore.StartAsync(store);

    [OneTimeTearDown]
    public async Task Stop() => await _store.DisposeAsync();

    private static int StatusOf(Func<Task> act) => Assert.ThrowsAsync<JustScaleException>(async () => await act())!.StatusCode ?? 0;

    [Test]
    public async Task Invitation_TokenIs64HexStoredHashed_AcceptedOnceByTheInvitedEmailOnly()
    {
        var owner = await _store.NewUserAsync("owner");
        var invitee = await _store.NewUserAsync("invitee");
        var other = await _store.NewUserAsync("other");
        var organization = await _store.Organizations.CreateAsync(owner, "Acme");

        var (invitation, token) = await _store.Organizations.InviteAsync(organization.Id, owner, invitee.Email.ToUpperInvariant(), OrganizationRoles.Admin);
        var stored = await _store.Get<IRepository<Invitation>>().GetAsync(invitation.Id);

        Assert.That(token, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(stored!.TokenHash, Does.Match("^[0-9a-f]{64}$").And.Not.EqualTo(token));
        Assert.That(stored.Email, Is.EqualTo(invitee.Email));
        Assert.That(StatusOf(() => _store.Organizations.AcceptAsync(other, token)), Is.EqualTo(403));
        var membership = await _store.Organizations.AcceptAsync(invitee, token);
        Assert.That(membership.Role, Is.EqualTo(OrganizationRoles.Admin));
        Assert.That(StatusOf(() => _store.Organizations.AcceptAsync(invitee, token)), Is.EqualTo(409));
        Assert.That(StatusOf(() => _store.Organizations.AcceptAsync(invitee, new string('0', 64))), Is.EqualTo(404));
        Assert.That(StatusOf(() => _store.Organizations.AcceptAsync(invitee, "short")), Is.EqualTo(404));
        Assert.That(await _store.Organizations.RoleOfAsync(organization.Id, invitee.Id), Is.EqualTo(OrganizationRoles.Admin));
    }

    [Test]
    public async Task Invitation_AfterItsLifetime_Is410()
    {
        var owner = await _store.NewUserAsync("owner");
        var invitee = await _store.NewUserAsync("late");
        var organization = await _store.Organizations.CreateAsync(owner, "Acme");
        var (_, token) = await _store.Organizations.InviteAsync(organization.Id, owner, invitee.Email, OrganizationRoles.Member);

        _store.Time.Advance(new OrganizationOptions().InvitationTtl);

        Assert.That(StatusOf(() => _store.Organizations.AcceptAsync(invitee, token)), Is.EqualTo(410));
        Assert.That(await _store.Organizations.RoleOfAsync(organization.Id, invitee.Id), Is.Null);
    }

    [Test]
    public async Task Invite_ByAMemberOrAnOwnerInviteByAnAdmin_IsForbidden()
    {
        var owner = await _store.NewUserAsync("owner");
        var admin = await _store.NewUserAsync("admin");
        var member = await _store.NewUserAsync("member");
        var organization = await _store.Organizations.CreateAsync(owner, "Acme");
        await JoinAsync(organization, owner, admin, OrganizationRoles.Admin);
        await JoinAsync(organization, owner, member, OrganizationRoles.Member);

        Assert.That(StatusOf(() => _store.Organizations.InviteAsync(organization.Id, member, "x@example.com", OrganizationRoles.Member)), Is.EqualTo(403));
        Assert.That(StatusOf(() => _store.Organizations.InviteAsync(organization.Id, admin, "x@example.com", OrganizationRoles.Owner)), Is.EqualTo(403));
        Assert.That(StatusOf(() => _store.Organizations.InviteAsync(organization.Id, owner, "not an email", OrganizationRoles.Member)), Is.EqualTo(400));
        Assert.That(StatusOf(() => _store.Organizations.InviteAsync(organization.Id, owner, "x@example.com", "bad role!")), Is.EqualTo(400));
        Assert.That((await _store.Organizations.InviteAsync(organization.Id, admin, "x@example.com", "billing")).Invitation.Role, Is.EqualTo("billing"), "custom roles");
    }

    [Test]
    public async Task LastOwner_CannotLeaveBeRemovedOrDemoted_UntilAnotherOwnerExists()
    {
        var owner = await _store.NewUserAsync("owner");
        var admin = await _store.NewUserAsync("admin");
        var organization = await _store.Organizations.CreateAsync(owner, "Acme");
        await JoinAsync(organization, owner, admin, OrganizationRoles.Admin);

        Assert.That(StatusOf(() => _store.Organizations.RemoveAsync(organization.Id, owner, owner.Id)), Is.EqualTo(409));
        Assert.That(StatusOf(() => _store.Organizations.ChangeRoleAsync(organization.Id, owner, owner.Id, OrganizationRoles.Member)), Is.EqualTo(409));
        Assert.That(StatusOf(() => _store.Organizations.RemoveAsync(organization.Id, admin, owner.Id)), Is.EqualTo(403), "admins do not touch owners");
        Assert.That(StatusOf(() => _store.Organizations.ChangeRoleAsync(organization.Id, admin, admin.Id, OrganizationRoles.Owner)), Is.EqualTo(403));

        await _store.Organizations.ChangeRoleAsync(organization.Id, owner, admin.Id, OrganizationRoles.Owner);
        await _store.Organizations.RemoveAsync(organization.Id, owner, owner.Id);

        Assert.That((await _store.Organizations.MembersAsync(organization.Id)).Select(m => (m.User.Id, m.Role)), Is.EqualTo(new[] { (admin.Id, OrganizationRoles.Owner) }));
        Assert.That(await _store.Organizations.ListForUserAsync(owner), Is.Empty);
    }

    private async Task JoinAsync(Organization organization, User inviter, User user, string role)
    {
        var (_, token) = await _store.Organizations.InviteAsync(organization.Id, inviter, user.Email, role);
        await _store.Organizations.AcceptAsync(user, token);
    }
}
