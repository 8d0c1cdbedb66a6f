using JustScale.Core;
using JustScale.Postgres;
using JustScale.Testing;

namespace JustScale.Permissions.Tests;

/// <summary>Two instances on one PostgreSQL database, each with the membership cache: guards answer from memory, a removal or a
/// demotion on one instance is refused on the other once its notification arrives, and a new membership is never refused.</summary>
public sealed class MembershipCacheTests
{
    private PermissionStore _first = null!;
    private PermissionStore _second = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _first = await PermissionStore.StartAsync("Postgres", changeFeed: true);
        _second = await PermissionStore.StartAsync("Postgres", changeFeed: true, shared: _first.Database);
    }

    [SetUp]
    public async Task BothLive()
    {
        await _first.WaitLiveAsync(TimeSpan.FromSeconds(30));
        await _second.WaitLiveAsync(TimeSpan.FromSeconds(30));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    // Completes when the instance's change feed delivers a change of a membership.
    private static Task MembershipChangeAsync(PermissionStore instance)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = instance.Get<IChangeFeed>().Subscribe(new Observer(arrived));
        return arrived.Task.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t => { subscription.Dispose(); return t; }, TaskScheduler.Default).Unwrap();
    }

    [Test]
    public async Task Guard_CachedAllow_NoQueryThenRemovalOnAnotherInstanceRefused()
    {
        var owner = await _first.NewUserAsync("owner");
        var member = await _first.NewUserAsync("member");
        var organization = await _first.Organizations.CreateAsync(owner, "Acme");
        var (_, token) = await _first.Organizations.InviteAsync(organization.Id, owner, member.Email, OrganizationRoles.Admin);
        await _first.Organizations.AcceptAsync(member, token);
        var checker = _first.Get<PermissionChecker<Organization>>();
        var id = organization.Id.ToString();

        Assert.That(await checker.AllowsAsync(member, Organization.Can.Manage, id), Is.True, "read from the store, then cached");
        var feed = _first.Get<IChangeFeed>();
        Assert.That((feed.IsLive, feed.Covers(typeof(Membership))), Is.EqualTo((true, true)));
        Assert.That(_first.Get<OrganizationPrincipals>().IsCaching, Is.True);
        using (var capture = ActivityCapture.Start(PostgresTelemetry.Name))
        {
            Assert.That(await checker.AllowsAsync(member, Organization.Can.Manage, id), Is.True);
            Assert.That(capture.Stopped, Is.Empty, "a cached allow reads nothing");
        }

        var demoted = MembershipChangeAsync(_first);
        await _second.Organizations.ChangeRoleAsync(organization.Id, owner, member.Id, OrganizationRoles.Member);
        await demoted;
        Assert.That(await checker.AllowsAsync(member, Organization.Can.Manage, id), Is.False, "the demotion evicted the cached admin");
        Assert.That(await checker.AllowsAsync(member, Organization.Can.View, id), Is.True);

        var removed = MembershipChangeAsync(_first);
        await _second.Organizations.RemoveAsync(organization.Id, owner, member.Id);
        await removed;
        Assert.That(await checker.AllowsAsync(member, Organization.Can.View, id), Is.False, "the removal evicted the cached member");
    }

    [Test]
    public async Task Guard_MembershipMadeOnAnotherInstance_AllowedAtOnce()
    {
        var owner = await _first.NewUserAsync("owner");
        var joiner = await _first.NewUserAsync("joiner");
        var first = await _first.Organizations.CreateAsync(owner, "First");
        var second = await _first.Organizations.CreateAsync(owner, "Second");
        await JoinAsync(_first, first, owner, joiner);
        var checker = _first.Get<PermissionChecker<Organization>>();
        Assert.That(await checker.AllowsAsync(joiner, Organization.Can.View, first.Id.ToString()), Is.True, "cached: member of First only");

        await JoinAsync(_second, second, owner, joiner); // an insert: nothing is notified

        Assert.That(await checker.AllowsAsync(joiner, Organization.Can.View, second.Id.ToString()), Is.True, "the cached refusal is read again");
    }

    private static async Task JoinAsync(PermissionStore instance, Organization organization, JustScale.Auth.User owner, JustScale.Auth.User user)
    {
        var (_, token) = await instance.Organizations.InviteAsync(organization.Id, owner, user.Email, OrganizationRoles.Member);
        await instance.Organizations.AcceptAsync(user, token);
    }

    private sealed class Observer(TaskCompletionSource arrived) : IChangeObserver
    {
        public void OnChanged(EntityChange change)
        {
            if (change.EntityType == typeof(Membership))
            {
                arrived.TrySetResult();
            }
        }

        public void OnReset()
        {
        }
    }
}
