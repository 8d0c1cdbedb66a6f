using System.Net;
using JustScale.Core;

namespace JustScale.Auth.Tokens.Tests;

/// <summary>API keys over real Kestrel: scoped, accepted only where a route opts in, per-key budget, expiry, owner-only revocation.</summary>
[TestFixture]
public sealed class ApiKeyTests
{
    private TokensApp _app = null!;

    [OneTimeSetUp]
    public async Task Start() => _app = await TokensApp.StartAsync(tokens: tokens => tokens.ApiKeyPermitsPerMinute = 5);

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private async Task<(string Id, string Key)> CreateAsync(string session, params string[] scopes)
    {
        var (status, body) = await _app.SendAsync(HttpMethod.Post, "/account/api-keys", session, new { name = "k", scopes });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    [Test]
    public async Task ApiKey_OverItsBudget_TooManyRequests()
    {
        var (_, session, _) = await _app.SignUpAsync();
        var (_, key) = await CreateAsync(session, "test:read");
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/by-key", apiKey: key)).Status, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/by-key", apiKey: key)).Status, Is.EqualTo((HttpStatusCode)429));
        var (_, other) = await CreateAsync(session, "test:read");
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/by-key", apiKey: other)).Status, Is.EqualTo(HttpStatusCode.OK), "the budget is per key");
    }

    [Test]
    public async Task ApiKey_OnSessionRoute_Unauthorized_AndAnotherUsersKeyCannotBeRevoked()
    {
        var (_, alice, _) = await _app.SignUpAsync();
        var (_, bob, _) = await _app.SignUpAsync();
        var (id, key) = await CreateAsync(alice, "test:read");
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/me", apiKey: key)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/me", key)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _app.SendAsync(HttpMethod.Delete, $"/account/api-keys/{id}", bob)).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/by-key", apiKey: key)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Create_BadInput_400WithCode_AndNothingStored()
    {
        var (user, session, _) = await _app.SignUpAsync();
        var (status, body) = await _app.SendAsync(HttpMethod.Post, "/account/api-keys", session, new { name = "k", scopes = new[] { "bad scope" } });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("code").GetString(), Is.EqualTo("invalid_scopes"));
        (status, body) = await _app.SendAsync(HttpMethod.Post, "/account/api-keys", session, new { name = "k", scopes = new[] { "a" }, expiresIn = 5 });
        Assert.That(body.GetProperty("code").GetString(), Is.EqualTo("invalid_expiry"));
        var stored = await _app.Service<IRepository<UserApiKey>>().FindManyAsync(Filter<UserApiKey>.Where(UserApiKey.Model.Field(k => k.User), user.Id));
        Assert.That(stored, Is.Empty);
    }
}
