using JustScale.Auth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Users;

/// <summary>The admin side of UserService: bans with an end, roles, configured admins, search; impersonation sessions.</summary>
[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class UserAdminTests(StoreKind store)
{
    private const string Password = "correct horse battery staple";
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = new(Start);
    private AuthTestCluster _auth = null!;

    private UserService Users => _auth.Users;

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(Start);
        _auth = await AuthTestCluster.CreateAsync(store, _time, options => options.Admins = ["Root@Example.com"]);
    }

    [TearDown]
    public async Task TearDown() => await _auth.DisposeAsync();

    [Test]
    public async Task Ban_WithAnEnd_RevokesSessionsRefusesLoginThenTheFirstLoginAfterTheEndLiftsIt()
    {
        var user = await Users.RegisterAsync("ban@example.com", Password);
        var session = await _auth.Sessions.CreateAsync(user);

        Assert.That(await Users.BanAsync(user.Id, "spam", Start.AddHours(1)), Is.True);

        Assert.That(await _auth.Sessions.FindByTokenAsync(session.Token), Is.Null, "sessions revoked at once");
        Assert.That(await Users.AuthenticateAsync("ban@example.com", Password), Is.Null);
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.That(await Users.AuthenticateAsync("ban@example.com", Password), Is.Null, "still banned");
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await Users.AuthenticateAsync("ban@example.com", Password), Is.Not.Null, "the ban ended");
        var stored = await Users.FindByIdAsync(user.Id);
        Assert.That((stored!.DisabledAt, stored.BanReason, stored.BannedUntil), Is.EqualTo(((DateTimeOffset?)null, (string?)null, (DateTimeOffset?)null)));
    }

    [Test]
    public async Task Ban_WithoutEnd_LastsUntilUnban()
    {
        var user = await Users.RegisterAsync("forever@example.com", Password);
        await Users.BanAsync(user.Id, "abuse", until: null);
        _time.Advance(TimeSpan.FromDays(3650));

        Assert.That(await Users.AuthenticateAsync("forever@example.com", Password), Is.Null);
        Assert.That(await Users.UnbanAsync(user.Id), Is.True);
        Assert.That(await Users.AuthenticateAsync("forever@example.com", Password), Is.Not.Null);
        Assert.That(await Users.BanAsync(Guid.NewGuid(), "nobody", null), Is.False);
    }

    [Test]
    public async Task Roles_ConfiguredAdminAtRegistration_SetRolesReplacesAndValidates()
    {
        var root = await Users.RegisterAsync("root@example.com", Password);
        var user = await Users.RegisterAsync("user@example.com", Password);
        var options = _auth.Cluster.Resolve<AuthOptions>();

        Assert.That(root.Roles, Is.EqualTo(new[] { UserRoles.Admin }));
        Assert.That(UserRoles.Has(user, UserRoles.Admin, options), Is.False);
        Assert.That(await Users.SetRolesAsync(user.Id, ["support", "admin", "support"]), Is.True);
        Assert.That((await Users.FindByIdAsync(user.Id))!.Roles, Is.EqualTo(new[] { "support", "admin" }));
        Assert.Throws<InvalidAuthInputException>(() => Users.SetRolesAsync(user.Id, ["bad role"]).GetAwaiter().GetResult());
        Assert.That(await Users.SetRolesAsync(user.Id, []), Is.True);
        Assert.That((await Users.FindByIdAsync(user.Id))!.Roles, Is.Null);
    }

    [Test]
    public async Task GrantConfiguredAdmins_ExistingUser_GetsAdminOnce()
    {
        var root = await _auth.UserRepository.InsertAsync(new User { Email = "root@example.com", PasswordHash = "x" });

        Assert.That(await Users.GrantConfiguredAdminsAsync(), Is.EqualTo(1));
        Assert.That(await Users.GrantConfiguredAdminsAsync(), Is.Zero);
        Assert.That((await Users.FindByIdAsync(root.Id))!.Roles, Is.EqualTo(new[] { UserRoles.Admin }));
    }

    [Test]
    public async Task Search_SubstringOfEmailOrName_PagesByEmail()
    {
        foreach (var name in new[] { "dana", "eve", "frank", "grace" })
        {
            await Users.RegisterAsync($"{name}@search.test", Password, name == "grace" ? "Grace Hopper" : null);
        }

        var (first, cursor) = await Users.SearchAsync("search.test", 3, null);
        var (rest, end) = await Users.SearchAsync("search.test", 3, cursor);

        Assert.That(first.Select(u => u.Email), Is.EqualTo(new[] { "dana@search.test", "eve@search.test", "frank@search.test" }));
        Assert.That(rest.Select(u => u.Email), Is.EqualTo(new[] { "grace@search.test" }));
        Assert.That(end, Is.Null);
        Assert.That((await Users.SearchAsync("Hopper", 10, null)).Users.Select(u => u.Email), Is.EqualTo(new[] { "grace@search.test" }));
        Assert.That((await Users.SearchAsync("EVE@", 10, null)).Users.Select(u => u.Email), Is.EqualTo(new[] { "eve@search.test" }));
        Assert.Throws<InvalidAuthInputException>(() => Users.SearchAsync(null, 10, "%%%").GetAwaiter().GetResult());
    }

    [Test]
    public async Task Impersonate_FlaggedShortLivedSessionListedForTheUser()
    {
        var admin = await Users.RegisterAsync("root@example.com", Password);
        var user = await Users.RegisterAsync("someone@example.com", Password);

        var session = await _auth.Sessions.ImpersonateAsync(user, admin.Id, TimeSpan.FromHours(1));

        var found = await _auth.Sessions.FindByTokenAsync(session.Token);
        Assert.That(found!.ImpersonatedBy, Is.EqualTo(admin.Id));
        Assert.That(found.ExpiresAt, Is.EqualTo(Start.AddHours(1)));
        Assert.That((await _auth.Sessions.ListForUserAsync(user)).Single().ImpersonatedBy, Is.EqualTo(admin.Id));
    }
}
