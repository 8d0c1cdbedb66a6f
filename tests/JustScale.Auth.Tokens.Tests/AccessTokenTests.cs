using System.Net;
using System.Text;
using JustScale.Core;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tokens.Tests;

/// <summary>Access tokens over real Kestrel: accepted by .Use(Auth) while their session lives, refused when forged, expired or
/// orphaned; signing keys rotate and stay published until their tokens expire; the private halves are encrypted.</summary>
[TestFixture]
public sealed class AccessTokenTests
{
    private FakeTimeProvider _time = null!;
    private TokensApp _app = null!;

    [SetUp]
    public async Task Start()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        _app = await TokensApp.StartAsync(_time, tokens => tokens.KeyRotation = TimeSpan.FromHours(1));
    }

    [TearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task AccessToken_WhileSessionLives_Accepted_AfterRevocation_Refused()
    {
        var (user, token, session) = await _app.SignUpAsync();
        var jwt = await _app.AccessTokenAsync(token);
        Assert.That(jwt.Split('.'), Has.Length.EqualTo(3));
        var (status, body) = await _app.SendAsync(HttpMethod.Get, "/test/me", jwt);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("id").GetGuid(), Is.EqualTo(user.Id));
        Assert.That(body.GetProperty("session").GetGuid(), Is.EqualTo(session.Id));

        await _app.Service<SessionService>().RevokeAsync(session.Id);
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/me", jwt)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task AccessToken_Expired_Refused()
    {
        var (_, token, _) = await _app.SignUpAsync();
        var jwt = await _app.AccessTokenAsync(token);
        _time.Advance(TimeSpan.FromMinutes(14));
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/me", jwt)).Status, Is.EqualTo(HttpStatusCode.OK));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/me", jwt)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task AccessToken_ForgedSignatureOrUnsignedOrGarbage_Refused()
    {
        var (_, token, _) = await _app.SignUpAsync();
        var jwt = await _app.AccessTokenAsync(token);
        var parts = jwt.Split('.');
        var otherSignature = parts[2][..^2] + (parts[2][^2] == 'A' ? "BA" : "AA");
        var unsigned = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        foreach (var bad in new[] { $"{parts[0]}.{parts[1]}.{otherSignature}", unsigned, "eyJ.garbage.x", "not-a-token" })
        {
            Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/me", bad)).Status, Is.EqualTo(HttpStatusCode.Unauthorized), bad);
        }
    }

    [Test]
    public async Task TokenRoute_WithoutSession_Unauthorized_AndWithAccessTokenIssuesOneForTheSameSession()
    {
        Assert.That((await _app.SendAsync(HttpMethod.Post, "/auth/token")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        var (_, token, session) = await _app.SignUpAsync();
        var again = await _app.AccessTokenAsync(await _app.AccessTokenAsync(token));
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/me", again)).Body.GetProperty("session").GetGuid(), Is.EqualTo(session.Id));
    }

    [Test]
    public async Task SigningKeys_Rotate_OldKeyPublishedUntilItsTokensExpire_PrivateHalfEncrypted()
    {
        var (_, token, _) = await _app.SignUpAsync();
        var first = await _app.AccessTokenAsync(token);
        var jwks1 = (await _app.SendAsync(HttpMethod.Get, "/.well-known/jwks.json")).Body.GetProperty("keys");
        Assert.That(jwks1.GetArrayLength(), Is.EqualTo(1));
        Assert.That(jwks1[0].GetProperty("kty").GetString(), Is.EqualTo("EC"));
        Assert.That(jwks1[0].TryGetProperty("d", out _), Is.False, "no private part in the JWKS");

        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1)); // the first key stops signing
        var fresh = (await _app.SignUpAsync()).Token;
        var second = await _app.AccessTokenAsync(fresh);
        var jwks2 = (await _app.SendAsync(HttpMethod.Get, "/.well-known/jwks.json")).Body.GetProperty("keys");
        Assert.That(jwks2.GetArrayLength(), Is.EqualTo(2));
        Assert.That(Kid(second), Is.Not.EqualTo(Kid(first)));
        Assert.That((await _app.SendAsync(HttpMethod.Get, "/test/me", second)).Status, Is.EqualTo(HttpStatusCode.OK));

        _time.Advance(TimeSpan.FromMinutes(21)); // past the first key's last token, plus skew
        var jwks3 = (await _app.SendAsync(HttpMethod.Get, "/.well-known/jwks.json")).Body.GetProperty("keys");
        Assert.That(jwks3.EnumerateArray().Select(k => k.GetProperty("kid").GetString()), Is.EquivalentTo(new[] { Kid(second) }));

        var stored = await _app.Service<IRepository<SigningKey>>().FindManyAsync(Filter<SigningKey>.All);
        Assert.That(stored, Has.Count.EqualTo(1));
        Assert.That(stored[0].PrivateKey, Does.Not.Contain("MIG"), "a PKCS#8 blob in base64 starts with MIG; the stored one is encrypted");
    }

    private static string Kid(string jwt) =>
        System.Text.Json.JsonDocument.Parse(Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(jwt.Split('.')[0]))).RootElement.GetProperty("kid").GetString()!;

    private static string Base64Url(string json) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(json);
}
