using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using Microsoft.AspNetCore.Builder;
using static JustScale.Auth.AuthMiddleware;
using static JustScale.Http.Routes;

namespace SignInQuickStart;

/// <summary>Runs the hosted quick start of README.md and docs/getting-started.md as written: an ASP.NET Core app with the shipped
/// sign-in routes (register, login, logout at /auth), then a route behind <c>.Use(Auth)</c>.</summary>
[TestFixture]
public sealed class SignInQuickStartTests
{
    [Test]
    public async Task HostedQuickStart_ShippedRoutes_RegisterLoginProfileLogout()
    {
        string[] args = ["--urls", "http://127.0.0.1:0", "--JustScale:Auth:Passwords:Cost", "1024"];
        var profile = Controller.Create("/profile", () => new RouteTable
        {
            ["me"] = Get("/").Use(Auth).Handle(ctx => ctx.Res.Json(new { ctx.User.Id, ctx.User.Email })),
        });

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddJustScale(cluster => cluster
            .Add(new AuthRepositories(InMemoryRepository.Factory))        // or PgRepository.Factory: users, sessions, tokens, 2FA
            .Add<AuthFeature>()                                           // its settings: JustScale:Auth in appsettings.json
            .Add(new AuthEndpointsFeature(o => o.SignInPrefix = "/auth")) // POST /auth/register, /auth/login, /auth/logout; /account
            .Add(profile));
        var app = builder.Build();
        app.MapJustScale();

        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var account = new { email = "ada@example.com", password = "correct horse battery staple" };
            using var registered = await http.PostAsJsonAsync("/auth/register", account);
            using var loggedIn = await http.PostAsJsonAsync("/auth/login", account);
            var token = (await loggedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var me = await http.GetAsync(new Uri("/profile", UriKind.Relative));
            using var loggedOut = await http.PostAsync(new Uri("/auth/logout", UriKind.Relative), null);
            using var after = await http.GetAsync(new Uri("/profile", UriKind.Relative));

            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(loggedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await me.Content.ReadAsStringAsync(), Does.Contain("\"email\":\"ada@example.com\""));
            Assert.That(loggedOut.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
