using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace JustScale.Auth.Tokens.Tests;

/// <summary>Another .NET service validates JustScale access tokens with JwtBearer and the JWKS (docs/tokens.md's recipe).</summary>
[TestFixture]
public sealed class DownstreamServiceTests
{
    [Test]
    public async Task JwtBearer_WithTheJwks_AcceptsAccessToken_RefusesForgedOne()
    {
        await using var justScale = await TokensApp.StartAsync();
        var (user, session, _) = await justScale.SignUpAsync();
        var accessToken = await justScale.AccessTokenAsync(session);

        using var http = new HttpClient();
        var jwksUrl = new Uri(justScale.Url, "/.well-known/jwks.json");
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        // Another service: JwtBearer checks the signature against JustScale's JWKS, the issuer, the audience and the lifetime.
        // Keys rotate (TokensOptions.KeyRotation): fetch the set again when a token names a kid you do not know.
        var jwks = new JsonWebKeySet(await http.GetStringAsync(jwksUrl));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false; // keep "sub" and "sid" as they are
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = "justscale",
                ValidAudience = "justscale",
                ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
                IssuerSigningKeys = jwks.GetSigningKeys(),
            };
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.MapGet("/orders", (ClaimsPrincipal caller) => new { userId = caller.FindFirstValue("sub") }).RequireAuthorization();

        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(user.Id.ToString()));

            using var forged = new HttpRequestMessage(HttpMethod.Get, "/orders");
            forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken[..^3] + (accessToken[^3] == 'A' ? "BAA" : "AAA"));
            using var refused = await client.SendAsync(forged);
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
