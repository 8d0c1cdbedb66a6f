using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Hosting;

/// <summary>Pins the one-call startup over real Kestrel: it serves, drains and stops everything on cancellation, and cleans up a failed start.</summary>
[TestFixture]
public sealed class RunAsyncTests
{
    [Test]
    public async Task RunAsync_TokenCancelled_StopsServerThenClusterAndFreesThePort()
    {
        var events = new ConcurrentQueue<string>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var controller = Controller.Create("", () => new()
        {
            ["ping"] = Get("/ping").Handle(ctx => ctx.Res.Json(new { pong = true })),
            ["slow"] = Get("/slow").Handle(async ctx =>
            {
                entered.TrySetResult();
                await release.Task;
                events.Enqueue("slow request answered");
                ctx.Res.Json(new { slow = true });
            }),
        });
        var cluster = new ClusterBuilder().Add(controller).Provide(new LifecycleLog(events)).Build();
        var port = FreePort();
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

        var run = cluster.RunAsync(new ListenOptions { Host = "127.0.0.1", Port = port }, stop.Token);
        using var ping = await GetWhenServingAsync(http, "/ping", run);
        var slow = http.GetAsync(new Uri("/slow", UriKind.Relative));
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Task.Delay(100); // the server is draining: the slow request is still in flight
        release.SetResult();
        using var slowResponse = await slow;
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(await ping.ReadTextAsync(), Is.EqualTo("""{"pong":true}"""));
        Assert.That(await slowResponse.ReadTextAsync(), Is.EqualTo("""{"slow":true}"""), "in-flight requests finish before the server stops");
        Assert.That(events, Is.EqualTo(new[] { "cluster started", "slow request answered", "cluster stopped" }));
        Assert.That(cluster.IsStarted, Is.False);
        Assert.That(PortIsFree(port), Is.True);
    }

    [Test]
    public async Task RunAsync_PortInUse_ThrowsAfterStoppingTheCluster()
    {
        var events = new ConcurrentQueue<string>();
        var cluster = new ClusterBuilder()
            .Add(Controller.Create("", () => new() { ["ping"] = Get("/ping").Handle(ctx => ctx.Res.Json(new { pong = true })) }))
            .Provide(new LifecycleLog(events))
            .Build();
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;

        var error = Assert.ThrowsAsync<JustScaleException>(() => cluster.RunAsync(new ListenOptions { Host = "127.0.0.1", Port = port }));

        Assert.That(error!.Message, Does.StartWith($"Cannot listen on 127.0.0.1:{port}"));
        Assert.That(events, Is.EqualTo(new[] { "cluster started", "cluster stopped" }));
        Assert.That(cluster.IsStarted, Is.False);
        Assert.That(() => cluster.Services.GetService(typeof(LifecycleLog)), Throws.InstanceOf<ObjectDisposedException>(), "the cluster's container is disposed");
    }

    [Test]
    public void RunAsync_MissingDependency_ThrowsBeforeListening()
    {
        var cluster = new ClusterBuilder()
            .Add(Controller.Create("/late", (LifecycleLog log) => new()
            {
                ["guarded"] = Get("/:name").Guard(Dependencies.Stamping.Allowed).Handle(ctx => ctx.Res.Json(new { ok = true })),
            }))
            .Provide(new LifecycleLog(new ConcurrentQueue<string>()))
            .Build();
        var port = FreePort();

        Assert.ThrowsAsync<DependencyException>(() => cluster.RunAsync(new ListenOptions { Host = "127.0.0.1", Port = port }));

        Assert.That(cluster.IsStarted, Is.False);
        Assert.That(PortIsFree(port), Is.True);
    }

    [Test]
    public async Task RunAsync_StartedCluster_IsRefusedAndLeftRunning()
    {
        await using var cluster = new ClusterBuilder().Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();

        Assert.ThrowsAsync<InvalidOperationException>(() => cluster.RunAsync(new ListenOptions { Port = 0 }));

        Assert.That(cluster.IsStarted, Is.True);
    }

    private static async Task<HttpResponseMessage> GetWhenServingAsync(HttpClient http, string path, Task run)
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
                return await http.GetAsync(new Uri(path, UriKind.Relative));
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
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

    /// <summary>Records the cluster's start and stop.</summary>
    public sealed class LifecycleLog(ConcurrentQueue<string> events) : IClusterLifecycle
    {
        public ValueTask OnStartAsync(CancellationToken cancellationToken)
        {
            events.Enqueue("cluster started");
            return ValueTask.CompletedTask;
        }

        public ValueTask OnStopAsync(CancellationToken cancellationToken)
        {
            events.Enqueue("cluster stopped");
            return ValueTask.CompletedTask;
        }
    }
}
