using System.Net;
using System.Net.Http.Headers;
using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static JustScale.Auth.AuthMiddleware;
using static JustScale.Http.Routes;

namespace HostedQuickStart;

/// <summary>Runs docs/hosting.md's quick start (the README's, in an ordinary ASP.NET Core app) and calls it as a browser would.</summary>
[TestFixture]
public sealed class HostedQuickStartTests
{
    [Test]
    public async Task HostedQuickStart_AsWritten_ServesProfileCorsAndHealthWithListensLimits()
    {
        string[] args = ["--urls", "http://127.0.0.1:0"];
        var profile = Controller.Create("/profile", () => new Dictionary<string, RouteDefinition>
        {
            ["me"] = Get("/").Use(Auth).Handle(ctx => ctx.Res.Json(new { ctx.User.Id, ctx.User.Email })),
        });

        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.UseJustScaleLimits()); // Listen's limits: headers within 10 s, 64 KiB bodies, no Server header
        builder.AddJustScale(cluster => cluster
            .Add(InMemoryRepository.For<User>())
            .Add(InMemoryRepository.For<Session>())
            .Add<AuthFeature>()
            .Add(profile));
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins("https://app.example").AllowAnyHeader().AllowAnyMethod()));
        builder.Services.AddHealthChecks().AddPasswordHasher();

        var app = builder.Build();
        app.UseCors();
        app.MapHealthChecks("/health");
        app.MapJustScale();
        await app.StartAsync();

        await using (app)
        {
            var user = await app.Services.GetRequiredService<UserService>().RegisterAsync("ada@example.com", "correct horse battery staple");
            var session = await app.Services.GetRequiredService<SessionService>().CreateAsync(user);
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/profile")
            {
                Headers = { { "Origin", "https://app.example" }, { "Access-Control-Request-Method", "GET" }, { "Access-Control-Request-Headers", "authorization" } },
            };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/profile") { Headers = { { "Origin", "https://app.example" } } };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);

            using var preflightResponse = await http.SendAsync(preflight);
            using var response = await http.SendAsync(request);
            var health = await http.GetStringAsync(new Uri("/health", UriKind.Relative));

            Assert.That(preflightResponse.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(preflightResponse.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "https://app.example" }));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "https://app.example" }));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo($"{{\"id\":\"{user.Id}\",\"email\":\"ada@example.com\"}}"));
            Assert.That(health, Is.EqualTo("Healthy"));
            Assert.That(response.Headers.Server, Is.Empty, "UseJustScaleLimits: no Server header");
            await app.StopAsync();
        }
    }
}
