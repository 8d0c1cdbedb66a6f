using System.Net;
using System.Net.Http.Headers;
using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using static JustScale.Auth.AuthMiddleware;
using static JustScale.Http.HttpHost;
using static JustScale.Http.Routes;

namespace ReadmeQuickStart;

/// <summary>Runs the README's quick start verbatim (it listens on port 3000) and calls its route.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ReadmeQuickStartTests
{
    [Test]
    public async Task QuickStart_AsWritten_ServesTheProfileOfALoggedInUser()
    {
        var profile = Controller.Create("/profile", () => new Dictionary<string, RouteDefinition>
        {
            ["me"] = Get("/").Use(Auth).Handle(ctx => ctx.Res.Json(new { ctx.User.Id, ctx.User.Email })),
        });

        var cluster = new ClusterBuilder()
            .Add(InMemoryRepository.For<User>())   // or PgRepository.Create(PgModel.Create<User>(...))
            .Add(InMemoryRepository.For<Session>())
            .Add<AuthFeature>()                    // UserService, SessionService, PasswordService
            .Add(profile)
            .Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();
        await using var server = await Listen(cluster, new ListenOptions { Port = 3000 });

        await using (cluster)
        {
            var user = await cluster.Resolve<UserService>().RegisterAsync("ada@example.com", "correct horse battery staple");
            var session = await cluster.Resolve<SessionService>().CreateAsync(user);
            using var http = new HttpClient { BaseAddress = server.Url };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);

            using var response = await http.GetAsync(new Uri("/profile", UriKind.Relative));

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo($"{{\"id\":\"{user.Id}\",\"email\":\"ada@example.com\"}}"));
            await server.StopAsync();
        }
    }
}
