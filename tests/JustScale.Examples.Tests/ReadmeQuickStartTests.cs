using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using static JustScale.Auth.AuthMiddleware;
using static JustScale.Http.Routes;

namespace ReadmeQuickStart;

/// <summary>Runs the README's quick start verbatim (it listens on port 3000), calls its route, then ends it with SIGTERM as a container would.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ReadmeQuickStartTests
{
    [Test]
    public async Task QuickStart_AsWritten_ServesTheProfileOfALoggedInUserUntilSigterm()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "the test ends the quick start with SIGTERM");

        // The test's own SIGTERM must never end the test run, even before RunAsync took the signal over.
        using var keepTestRunAlive = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true);
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
        var run = Task.Run(async () =>
        {
            await cluster.RunAsync(new ListenOptions { Port = 3000 });   // until Ctrl+C or SIGTERM
        });

        using var http = new HttpClient { BaseAddress = new Uri("http://localhost:3000") };
        await WaitUntilServingAsync(http, run);
        var user = await cluster.Resolve<UserService>().RegisterAsync("ada@example.com", "correct horse battery staple");
        var session = await cluster.Resolve<SessionService>().CreateAsync(user);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        using var response = await http.GetAsync(new Uri("/profile", UriKind.Relative));
        await TerminateAsync(run);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo($"{{\"id\":\"{user.Id}\",\"email\":\"ada@example.com\"}}"));
        Assert.That(cluster.IsStarted, Is.False);
        Assert.That(PortIsFree(3000), Is.True);
    }

    [Test]
    public void QuickStart_WithoutAuthFeature_FailsAtBuild()
    {
        var profile = Controller.Create("/profile", () => new Dictionary<string, RouteDefinition>
        {
            ["me"] = Get("/").Use(Auth).Handle(ctx => ctx.Res.Json(new { ctx.User.Id, ctx.User.Email })),
        });
        var builder = new ClusterBuilder()
            .Add(InMemoryRepository.For<User>())
            .Add(InMemoryRepository.For<Session>())
            .Add(profile);

        var error = Assert.Throws<DependencyException>(() => builder.Build());

        Assert.That(error!.Message, Does.Contain("Route GET /profile (Controller /profile \"me\") requires:\n    - SessionService (add .Add<AuthFeature>())"));
    }

    private static async Task WaitUntilServingAsync(HttpClient http, Task run)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (run.IsCompleted)
            {
                await run; // surfaces a start failure
            }

            try
            {
                using var probe = await http.GetAsync(new Uri("/profile", UriKind.Relative));

                // Another process on port 3000 answers too; then the quick start's own listen fails: surface that.
                await Task.WhenAny(run, Task.Delay(200));
                if (run.IsCompleted)
                {
                    await run;
                }

                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    // Sends SIGTERM to this process until the quick start ends (RunAsync registers its handler just after listening).
    private static async Task TerminateAsync(Task run)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!run.IsCompleted && DateTime.UtcNow < deadline)
        {
            using (var kill = Process.Start("kill", ["-TERM", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await Task.WhenAny(run, Task.Delay(500));
        }

        await run;
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
