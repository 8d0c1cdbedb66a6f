using System.Net;
using System.Text;
using JustScale.Core;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tokens.Tests;

/// <summary>RotateSigningKeysAsync (the CLI's <c>keys rotate --jwt</c>): the next token is signed by a new key while issued tokens
/// keep verifying; with revoke, every issued token is refused and new ones work.</summary>
[TestFixture]
public sealed class SigningKeyRotationTests
{
    private FakeTimeProvider _time = null!;
    private TokensApp _app = null!;

    [SetUp]
    public async Task Start()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        _app = await TokensApp.StartAsync(_time);
    }

    [TearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task RotateSigningKeys_Retire_NextTokenHasANewKeyAndTheOldTokenStillVerifies()
    {
        var (_, session, _) = await _app.SignUpAsync();
        var before = await _app.AccessTokenAsync(session);

        var retired = await _app.Service<AccessTokenService>().RotateSigningKeysAsync();
        var after = await _app.AccessTokenAsync(session);

        Assert.That(retired, Is.EqualTo(1));
        Assert.That(Kid(after), Is.Not.EqualTo(Kid(before)));
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/me", before)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/me", after)).Status, Is.EqualTo(HttpStatusCode.OK));
        var jwks = (await _app.SendAsync(HttpMethod.Get, "/.well-known/jwks.json")).Body.GetProperty("keys");
        Assert.That(jwks.EnumerateArray().Select(k => k.GetProperty("kid").GetString()), Is.EquivalentTo(new[] { Kid(before), Kid(after) }));
    }

    [Test]
    public async Task RotateSigningKeys_Revoke_IssuedTokensRefusedAndNewOnesAccepted()
    {
        var (_, session, _) = await _app.SignUpAsync();
        var before = await _app.AccessTokenAsync(session);
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/me", before)).Status, Is.EqualTo(HttpStatusCode.OK), "verified once: remembered");

        var deleted = await _app.Service<AccessTokenService>().RotateSigningKeysAsync(revoke: true);
        _time.Advance(TimeSpan.FromSeconds(2)); // past the unknown-key reload pause; other instances reload within a minute
        var after = await _app.AccessTokenAsync(session);

        Assert.That(deleted, Is.EqualTo(1));
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/me", before)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/me", after)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await _app.Service<IRepository<SigningKey>>().FindManyAsync(Filter<SigningKey>.All), Has.Count.EqualTo(1), "only the new key");
    }

    private static string Kid(string jwt) =>
        System.Text.Json.JsonDocument.Parse(Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(jwt.Split('.')[0]))).RootElement.GetProperty("kid").GetString()!;
}
