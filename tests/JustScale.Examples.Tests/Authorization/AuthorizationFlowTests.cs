using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using JustScale.Examples.Tests.Account;

namespace JustScale.Examples.Tests.Authorization;

/// <summary>Walks the complete example's authorization wire contract (issue 27): organizations, invitations by mail, members and
/// roles, projects filtered by permission, and the admin API, with <c>JustScale:Auth:Admins:0</c> set.</summary>
[TestFixture("InMemory")]
[TestFixture("Postgres")]
public sealed partial class AuthorizationFlowTests(string store)
{
    private const string Password = "correct horse battery staple";
    private AccountApp _app = null!;
    private ApiClient _client = null!;
    private string _root = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _root = $"root-{Guid.NewGuid():N}@example.com";
        _app = await AccountApp.StartAsync(store, builder => builder.Configuration["JustScale:Auth:Admins:0"] = _root);
        _client = new ApiClient(_app.Url);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static string NewEmail(string who) => $"{who}-{Guid.NewGuid():N}@example.com";

    private static IEnumerable<JsonElement> Items(JsonElement body) =>
        (body.ValueKind == JsonValueKind.Array ? body : body.GetProperty("items")).EnumerateArray();

    private async Task<(string Email, string Token, string Id)> UserAsync(string who)
    {
        var email = NewEmail(who);
        var token = await _client.RegisterAsync(email, Password);
        var (_, me) = await _client.GetAsync("/account/me", token);
        return (email, token, me.GetProperty("id").GetString()!);
    }

    private async Task<string> InviteAndAcceptAsync(string orgId, string inviterToken, (string Email, string Token, string Id) invitee, string role)
    {
        var (status, body) = await _client.PostAsync($"/orgs/{orgId}/invitations", new { email = invitee.Email, role }, inviterToken);
        Assert.That(status, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.Accepted), body.ToString());
        var token = TokenIn(await _app.Outbox.TakeAsync(invitee.Email));
        var (accepted, acceptBody) = await _client.PostAsync("/orgs/invitations/accept", new { token }, invitee.Token);
        Assert.That(accepted, Is.EqualTo(HttpStatusCode.OK), acceptBody.ToString());
        return token;
    }

    private static string TokenIn(MimeKit.MimeMessage mail)
    {
        var match = Hex64().Match(mail.TextBody ?? "");
        Assert.That(match.Success, Is.True, $"no 64-hex token in: {mail.TextBody}");
        return match.Value;
    }

    [GeneratedRegex("(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")]
    private static partial Regex Hex64();

    [Test]
    public async Task Organizations_InviteMembersProjects_FollowTheRolesAndFilterInTheQuery()
    {
        var owner = await UserAsync("owner");
        var admin = await UserAsync("admin");
        var member = await UserAsync("member");
        var outsider = await UserAsync("outsider");

        var (created, org) = await _client.PostAsync("/orgs", new { name = "Acme" }, owner.Token);
        Assert.That(created, Is.EqualTo(HttpStatusCode.Created), org.ToString());
        Assert.That(org.GetProperty("name").GetString(), Is.EqualTo("Acme"));
        var orgId = org.GetProperty("id").GetString()!;
        var (_, mine) = await _client.GetAsync("/orgs", owner.Token);
        Assert.That(Items(mine).Single(o => o.GetProperty("id").GetString() == orgId).GetProperty("role").GetString(), Is.EqualTo("owner"));

        // An invitation is bound to its email and single use.
        var (invited, _) = await _client.PostAsync($"/orgs/{orgId}/invitations", new { email = member.Email, role = "member" }, owner.Token);
        Assert.That(invited, Is.EqualTo(HttpStatusCode.Created));
        var token = TokenIn(await _app.Outbox.TakeAsync(member.Email));
        var (wrongUser, _) = await _client.PostAsync("/orgs/invitations/accept", new { token }, outsider.Token);
        Assert.That(wrongUser, Is.EqualTo(HttpStatusCode.Forbidden));
        var (accepted, _) = await _client.PostAsync("/orgs/invitations/accept", new { token }, member.Token);
        Assert.That(accepted, Is.EqualTo(HttpStatusCode.OK));
        var (again, _) = await _client.PostAsync("/orgs/invitations/accept", new { token }, member.Token);
        Assert.That((int)again, Is.AnyOf(400, 404, 409, 410));
        await InviteAndAcceptAsync(orgId, owner.Token, admin, "admin");

        // Members see members; outsiders are refused; a member cannot invite.
        var (members, memberList) = await _client.GetAsync($"/orgs/{orgId}/members", member.Token);
        Assert.That(members, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Items(memberList).Select(m => (m.GetProperty("email").GetString(), m.GetProperty("role").GetString())),
            Is.EquivalentTo(new[] { (owner.Email, "owner"), (admin.Email, "admin"), (member.Email, "member") }));
        Assert.That(Items(memberList).Select(m => m.GetProperty("userId").GetString()), Is.EquivalentTo(new[] { owner.Id, admin.Id, member.Id }));
        Assert.That((await _client.GetAsync($"/orgs/{orgId}/members", outsider.Token)).Status, Is.AnyOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound));
        Assert.That((await _client.PostAsync($"/orgs/{orgId}/invitations", new { email = NewEmail("x"), role = "member" }, member.Token)).Status, Is.EqualTo(HttpStatusCode.Forbidden));

        // Projects: any member creates; the outsider's org has its own; GET /projects returns exactly what each may view.
        var (projectCreated, project) = await _client.PostAsync($"/orgs/{orgId}/projects", new { name = "Rocket" }, member.Token);
        Assert.That(projectCreated, Is.EqualTo(HttpStatusCode.Created), project.ToString());
        var projectId = project.GetProperty("id").GetString()!;
        var (_, otherOrg) = await _client.PostAsync("/orgs", new { name = "Other" }, outsider.Token);
        var otherOrgId = otherOrg.GetProperty("id").GetString()!;
        var (_, otherProject) = await _client.PostAsync($"/orgs/{otherOrgId}/projects", new { name = "Secret" }, outsider.Token);
        var otherProjectId = otherProject.GetProperty("id").GetString()!;

        Assert.That((await _client.PostAsync($"/orgs/{orgId}/projects", new { name = "Nope" }, outsider.Token)).Status, Is.AnyOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound));
        Assert.That((await _client.GetAsync($"/orgs/{orgId}/projects/{projectId}", member.Token)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _client.GetAsync($"/orgs/{otherOrgId}/projects/{projectId}", outsider.Token)).Status, Is.EqualTo(HttpStatusCode.NotFound), "cross-org path");
        var (_, orgProjects) = await _client.GetAsync($"/orgs/{orgId}/projects", member.Token);
        Assert.That(Items(orgProjects).Select(p => p.GetProperty("id").GetString()), Is.EqualTo(new[] { projectId }));
        var (_, memberProjects) = await _client.GetAsync("/projects", member.Token);
        Assert.That(Items(memberProjects).Select(p => p.GetProperty("id").GetString()), Is.EqualTo(new[] { projectId }));
        var (_, outsiderProjects) = await _client.GetAsync("/projects", outsider.Token);
        Assert.That(Items(outsiderProjects).Select(p => p.GetProperty("id").GetString()), Is.EqualTo(new[] { otherProjectId }));

        // Deleting takes owner or admin; a member is refused.
        Assert.That((await _client.DeleteAsync($"/orgs/{orgId}/projects/{projectId}", member.Token)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        var (_, second) = await _client.PostAsync($"/orgs/{orgId}/projects", new { name = "Second" }, member.Token);
        Assert.That((await _client.DeleteAsync($"/orgs/{orgId}/projects/{second.GetProperty("id").GetString()}", admin.Token)).Status, Is.EqualTo(HttpStatusCode.OK));

        // A role change is effective on the next request: the member, made admin, deletes; demoted, no longer.
        var (patched, _) = await _client.SendAsync(HttpMethod.Patch, $"/orgs/{orgId}/members/{member.Id}", new { role = "admin" }, owner.Token);
        Assert.That(patched, Is.EqualTo(HttpStatusCode.OK));
        var (_, third) = await _client.PostAsync($"/orgs/{orgId}/projects", new { name = "Third" }, owner.Token);
        Assert.That((await _client.DeleteAsync($"/orgs/{orgId}/projects/{third.GetProperty("id").GetString()}", member.Token)).Status, Is.EqualTo(HttpStatusCode.OK));
        await _client.SendAsync(HttpMethod.Patch, $"/orgs/{orgId}/members/{member.Id}", new { role = "member" }, owner.Token);
        Assert.That((await _client.DeleteAsync($"/orgs/{orgId}/projects/{projectId}", member.Token)).Status, Is.EqualTo(HttpStatusCode.Forbidden));

        // The last owner can neither leave nor be demoted; a removal is effective at once.
        Assert.That((await _client.DeleteAsync($"/orgs/{orgId}/members/{owner.Id}", owner.Token)).Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await _client.SendAsync(HttpMethod.Patch, $"/orgs/{orgId}/members/{owner.Id}", new { role = "member" }, owner.Token)).Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await _client.DeleteAsync($"/orgs/{orgId}/members/{member.Id}", admin.Token)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _client.GetAsync($"/orgs/{orgId}/projects", member.Token)).Status, Is.AnyOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound));
        var (_, afterRemoval) = await _client.GetAsync("/projects", member.Token);
        Assert.That(Items(afterRemoval), Is.Empty);
    }

    [Test]
    public async Task Admin_SearchBanUnbanRolesImpersonate_OnlyForAdmins()
    {
        var rootToken = await _client.RegisterAsync(_root, Password); // JustScale:Auth:Admins:0: admin from registration
        var user = await UserAsync("target");
        var other = await UserAsync("other");

        Assert.That((await _client.GetAsync("/admin/users", user.Token)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await _client.PostAsync($"/admin/users/{other.Id}/ban", new { reason = "x" }, user.Token)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await _client.PostAsync($"/admin/users/{other.Id}/impersonate", null, user.Token)).Status, Is.EqualTo(HttpStatusCode.Forbidden));

        var (searched, found) = await _client.GetAsync($"/admin/users?search={user.Email[..20]}&limit=10", rootToken);
        Assert.That(searched, Is.EqualTo(HttpStatusCode.OK), found.ToString());
        Assert.That(Items(found).Select(u => u.GetProperty("email").GetString()), Is.EqualTo(new[] { user.Email }));
        var (_, page1) = await _client.GetAsync("/admin/users?limit=1", rootToken);
        var cursor = page1.GetProperty("nextCursor").GetString();
        var (_, page2) = await _client.GetAsync($"/admin/users?limit=1&cursor={cursor}", rootToken);
        Assert.That(Items(page2).Single().GetProperty("email").GetString(), Is.Not.EqualTo(Items(page1).Single().GetProperty("email").GetString()));

        // Ban: the session is refused at once, login refused; unban: login works again.
        var (banned, banBody) = await _client.PostAsync($"/admin/users/{user.Id}/ban", new { reason = "spam", until = DateTimeOffset.UtcNow.AddDays(1) }, rootToken);
        Assert.That(banned, Is.EqualTo(HttpStatusCode.OK), banBody.ToString());
        Assert.That((await _client.GetAsync("/account/me", user.Token)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _client.PostAsync("/auth/login", new { email = user.Email, password = Password })).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _client.PostAsync($"/admin/users/{user.Id}/unban", null, rootToken)).Status, Is.EqualTo(HttpStatusCode.OK));
        var userToken = await _client.LoginAsync(user.Email, Password);

        // Roles: an admin-made admin reaches /admin on the next request.
        Assert.That((await _client.SendAsync(HttpMethod.Put, $"/admin/users/{other.Id}/roles", new { roles = new[] { "admin", "support" } }, rootToken)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _client.GetAsync("/admin/users", other.Token)).Status, Is.EqualTo(HttpStatusCode.OK));
        await _client.SendAsync(HttpMethod.Put, $"/admin/users/{other.Id}/roles", new { roles = Array.Empty<string>() }, rootToken);
        Assert.That((await _client.GetAsync("/admin/users", other.Token)).Status, Is.EqualTo(HttpStatusCode.Forbidden));

        // Impersonation: a flagged session, visible to the user.
        var (impersonated, impersonation) = await _client.PostAsync($"/admin/users/{user.Id}/impersonate", null, rootToken);
        Assert.That(impersonated, Is.EqualTo(HttpStatusCode.OK), impersonation.ToString());
        var asUser = impersonation.GetProperty("token").GetString();
        var (_, rootMe) = await _client.GetAsync("/account/me", rootToken);
        var rootId = rootMe.GetProperty("id").GetString();
        var (meStatus, me) = await _client.GetAsync("/account/me", asUser);
        Assert.That(meStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(me.GetProperty("id").GetString(), Is.EqualTo(user.Id));
        Assert.That(me.GetProperty("impersonatedBy").GetString(), Is.EqualTo(rootId));
        var (_, sessions) = await _client.GetAsync("/account/sessions", userToken);
        var flagged = sessions.GetProperty("sessions").EnumerateArray().Where(s => s.GetProperty("impersonatedBy").ValueKind == JsonValueKind.String).ToList();
        Assert.That(flagged.Select(s => s.GetProperty("impersonatedBy").GetString()), Is.EqualTo(new[] { rootId }));
        Assert.That((await _client.GetAsync("/account/me", userToken)).Body.GetProperty("impersonatedBy").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }
}
