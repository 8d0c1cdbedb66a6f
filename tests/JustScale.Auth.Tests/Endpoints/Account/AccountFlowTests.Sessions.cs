using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace JustScale.Auth.Tests.Endpoints.Account;

// Sessions: list the user's devices (no token or hash), log one out, log out every other.
public sealed partial class AccountFlowTests
{
    private static string Sha256Hex(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<JsonElement[]> SessionsAsync(string token)
    {
        var (status, body) = await _client.GetAsync("/account/sessions", token);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        return [.. body.GetProperty("sessions").EnumerateArray()];
    }

    [Test]
    public async Task Sessions_List_NewestFirstCurrentMarkedUserAgentsKeptNoTokenOrHash()
    {
        var email = NewEmail();
        var registered = await _client.RegisterAsync(email, userAgent: "AccountTests/1.0 (register)");
        var loggedIn = await _client.LoginAsync(email, userAgent: "AccountTests/2.0 (login)");

        var (status, body) = await _client.GetAsync("/account/sessions", loggedIn);
        var raw = body.GetRawText();
        var sessions = body.GetProperty("sessions").EnumerateArray().ToArray();

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(sessions, Has.Length.EqualTo(2));
        Assert.That(sessions.Select(s => s.GetProperty("userAgent").GetString()), Is.EqualTo(new[] { "AccountTests/2.0 (login)", "AccountTests/1.0 (register)" }));
        Assert.That(sessions.Select(s => s.GetProperty("current").GetBoolean()), Is.EqualTo(new[] { true, false }));
        Assert.That(sessions[0].GetProperty("createdAt").GetDateTimeOffset(), Is.GreaterThan(sessions[1].GetProperty("createdAt").GetDateTimeOffset()));
        foreach (var session in sessions)
        {
            Assert.That(session.EnumerateObject().Select(p => p.Name),
                Is.EquivalentTo(new[] { "id", "createdAt", "lastActiveAt", "expiresAt", "userAgent", "ipAddress", "current", "impersonatedBy" }));
            Assert.That(Guid.TryParse(session.GetProperty("id").GetString(), out _), Is.True);
            Assert.That(session.GetProperty("expiresAt").GetDateTimeOffset(), Is.GreaterThan(session.GetProperty("createdAt").GetDateTimeOffset()));
            Assert.That(session.GetProperty("ipAddress").GetString(), Is.EqualTo("127.0.0.1"));
        }

        foreach (var token in new[] { registered, loggedIn })
        {
            Assert.That(raw, Does.Not.Contain(token));
            Assert.That(raw, Does.Not.Contain(Sha256Hex(token)));
        }
    }

    [Test]
    public async Task Sessions_NoBearer_Unauthorized()
    {
        var (status, _) = await _client.GetAsync("/account/sessions");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task DeleteSession_OwnOtherSession_RevokedOneAndItsTokenRejected()
    {
        var email = NewEmail();
        var registered = await _client.RegisterAsync(email);
        var caller = await _client.LoginAsync(email);
        var target = (await SessionsAsync(caller)).Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetString();

        var (status, body) = await _client.DeleteAsync($"/account/sessions/{target}", caller);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetRawText(), Is.EqualTo("""{"revoked":1}"""));
        Assert.That((await _client.GetAsync("/profile", registered)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _client.GetAsync("/profile", caller)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await SessionsAsync(caller), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task DeleteSession_AnotherUsersSession_NotFoundAndThatSessionStillWorks()
    {
        var victim = await _client.RegisterAsync(NewEmail());
        var victimSession = (await SessionsAsync(victim)).Single().GetProperty("id").GetString();
        var attacker = await _client.RegisterAsync(NewEmail());

        var (status, _) = await _client.DeleteAsync($"/account/sessions/{victimSession}", attacker);

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _client.GetAsync("/profile", victim)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await SessionsAsync(victim), Has.Length.EqualTo(1));
    }

    [TestCase("00000000-0000-0000-0000-000000000000")]
    [TestCase("not-a-guid")]
    public async Task DeleteSession_UnknownOrMalformedId_NotFound(string id)
    {
        var token = await _client.RegisterAsync(NewEmail());

        var (status, _) = await _client.DeleteAsync($"/account/sessions/{id}", token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _client.GetAsync("/profile", token)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RevokeOthers_ThreeSessions_RevokesTwoAndKeepsTheCaller()
    {
        var email = NewEmail();
        var registered = await _client.RegisterAsync(email);
        var other = await _client.LoginAsync(email);
        var caller = await _client.LoginAsync(email);
        var bystander = await _client.RegisterAsync(NewEmail());

        var (status, body) = await _client.PostAsync("/account/sessions/revoke-others", token: caller);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetRawText(), Is.EqualTo("""{"revoked":2}"""));
        Assert.That((await _client.GetAsync("/profile", caller)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _client.GetAsync("/profile", registered)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _client.GetAsync("/profile", other)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _client.GetAsync("/profile", bystander)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await SessionsAsync(caller)).Single().GetProperty("current").GetBoolean(), Is.True);
    }
}
