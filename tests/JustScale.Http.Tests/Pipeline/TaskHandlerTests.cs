using System.Net;
using JustScale.Http.Tests.Support;
using Microsoft.Extensions.Logging;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Pipeline;

/// <summary>A handler that returns a Task (<c>ctx => service.DoAsync(ctx)</c>) is awaited like a ValueTask one: its late write arrives, its exception is a logged 500.</summary>
[TestFixture]
public sealed class TaskHandlerTests
{
    private static readonly Controller Routes = Controller.Create("/task", () => new()
    {
        ["writesLater"] = Get("/writes-later").Handle(ctx => Service.WriteLaterAsync(ctx)),
        ["throwsLater"] = Get("/throws-later").Handle(ctx => Service.ThrowLaterAsync(ctx)),
        ["valueTask"] = Get("/value-task").Handle(async ctx =>
        {
            await Task.Delay(50);
            ctx.Res.Status(201).Json(new { late = true });
        }),
    });

    [TestCase("Listen")]
    [TestCase("Hosted")]
    public async Task Handle_TaskThatWritesAfterAnAwait_ClientGetsTheWriteNot204(string style)
    {
        await using var server = await TestServers.StartAsync(style, Routes);

        using var task = await server.Client.GetAsync("/task/writes-later");
        using var valueTask = await server.Client.GetAsync("/task/value-task");

        Assert.That(task.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await task.Content.ReadAsStringAsync(), Is.EqualTo("""{"late":true}"""));
        Assert.That(valueTask.StatusCode, Is.EqualTo(task.StatusCode));
        Assert.That(await valueTask.Content.ReadAsStringAsync(), Is.EqualTo(await task.Content.ReadAsStringAsync()));
    }

    [TestCase("Listen")]
    [TestCase("Hosted")]
    public async Task Handle_TaskThatThrowsAfterAnAwait_Answers500AndLogsIt(string style)
    {
        await using var server = await TestServers.StartAsync(style, Routes);

        using var response = await server.Client.GetAsync("/task/throws-later");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"Internal Server Error"}"""));
        var error = server.Logs.GetSnapshot().Single(e => e.Level == LogLevel.Error && e.Category == "JustScale.Http");
        Assert.That(error.Exception, Is.TypeOf<InvalidOperationException>().With.Message.EqualTo("late failure"));
    }

    /// <summary>A service with Task-returning methods, as users write them.</summary>
    private static class Service
    {
        public static async Task WriteLaterAsync(IRequestContext ctx)
        {
            await Task.Delay(50);
            ctx.Res.Status(201).Json(new { late = true });
        }

        public static async Task ThrowLaterAsync(IRequestContext ctx)
        {
            await Task.Delay(20);
            _ = ctx;
            throw new InvalidOperationException("late failure");
        }
    }
}
