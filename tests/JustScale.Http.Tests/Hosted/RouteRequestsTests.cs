using System.Net;
using JustScale.Http.Hosting;
using JustScale.Http.Tests.Support;
using Microsoft.AspNetCore.Http;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Hosted;

/// <summary>RouteRequests over real Kestrel: the request a JustScale route serves is current on its flow, and only while it runs.</summary>
[TestFixture]
public sealed class RouteRequestsTests
{
    [Test]
    public async Task Current_InsideARouteAcrossAnAwait_IsThatRequest()
    {
        var controller = Controller.Create("/who", () => new()
        {
            ["get"] = Get("/").Handle(async ctx =>
            {
                await Task.Yield(); // on another thread, the same flow
                ctx.Res.Json(new { same = ReferenceEquals(RouteRequests.Current, ctx.HttpContext), agent = RouteRequests.Current?.Request.Headers.UserAgent.ToString() });
            }),
        });
        await using var server = await HostedServer.StartAsync(cluster => cluster.Add(controller));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/who") { Headers = { { "User-Agent", "probe/1" } } };

        using var response = await server.Client.SendAsync(request);

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"same":true,"agent":"probe/1"}"""));
        Assert.That(RouteRequests.Current, Is.Null, "the test's own flow never saw it");
    }

    [Test]
    public async Task Current_InWorkThatOutlivesTheRequest_IsNoneOnceTheRouteCompleted()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seenAfter = new TaskCompletionSource<HttpContext?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var controller = Controller.Create("/late", () => new()
        {
            ["get"] = Get("/").Handle(ctx =>
            {
                _ = Task.Run(async () =>
                {
                    await release.Task;
                    seenAfter.SetResult(RouteRequests.Current);
                });
                ctx.Res.Status(204);
            }),
        });
        await using var server = await HostedServer.StartAsync(cluster => cluster.Add(controller));

        using var response = await server.Client.GetAsync("/late");
        release.SetResult();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await seenAfter.Task.WaitAsync(TimeSpan.FromSeconds(30)), Is.Null);
    }
}
