// The JwtBearer baseline of docs/benchmarks.md's figure 10: GET /profile behind AddJwtBearer (default options but the keys),
// validating the complete example's access tokens against its JWKS: the stateless check another service would do, which
// cannot see a logout. Answers the token's sub claim as JSON.
// Usage: dotnet JwtBearerBaseline.dll --port 5000 --jwks http://127.0.0.1:3000/.well-known/jwks.json
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var port = builder.Configuration.GetValue<int?>("port") ?? throw new InvalidOperationException("Pass --port N.");
var jwksUrl = builder.Configuration["jwks"] ?? throw new InvalidOperationException("Pass --jwks URL.");
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port);
});

using (var http = new HttpClient())
{
    var jwks = new JsonWebKeySet(await http.GetStringAsync(new Uri(jwksUrl)));
    builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
    {
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = "justscale",
            ValidAudience = "justscale",
            IssuerSigningKeys = jwks.GetSigningKeys(),
        };
    });
}

builder.Services.AddAuthorization();
var app = builder.Build();
app.MapGet("/profile", (ClaimsPrincipal user) => new { id = user.FindFirstValue("sub"), email = "user@jwt" }).RequireAuthorization();
await app.RunAsync();
