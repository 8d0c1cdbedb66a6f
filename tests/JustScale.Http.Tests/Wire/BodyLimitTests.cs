using System.Net;
using System.Net.Sockets;
using System.Text;
using JustScale.Http.Tests.Support;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Wire;

[TestFixture]
public sealed class BodyLimitTests
{
    private const int Limit = 4096;

    private static Controller Counter() => Controller.Create("", () => new()
    {
        ["size"] = Post("/size").Handle(ctx => ctx.Res.Json(new { bytes = ctx.HttpContext.Request.ContentLength, bound = ctx.Body<Filter>().Limit })),
    });

    private static Task<LiveServer> StartAsync(int? limit) =>
        LiveServer.StartAsync(
            builder => builder.Add(Counter()),
            limit is { } max ? new ListenOptions { Port = 0, MaxBodyBytes = max } : new ListenOptions { Port = 0 });

    [Test]
    public async Task Post_BodyExactlyAtLimit_IsAccepted()
    {
        await using var server = await StartAsync(Limit);

        using var response = await server.Client.PostAsync("/size", Support.Http.JsonBytes(Support.Http.JsonOfSize(Limit)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"bytes":4096,"bound":20}"""));
    }

    [Test]
    public async Task Post_BodyOneByteOverLimit_Returns413PayloadTooLarge()
    {
        await using var server = await StartAsync(Limit);

        using var response = await server.Client.PostAsync("/size", Support.Http.JsonBytes(Support.Http.JsonOfSize(Limit + 1)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Payload Too Large"}"""));
    }

    [Test]
    public async Task Post_ChunkedBodyExactlyAtLimit_IsAccepted()
    {
        await using var server = await StartAsync(Limit);

        using var response = await server.Client.PostAsync("/size", Support.Http.Chunked(Support.Http.JsonOfSize(Limit)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"bytes":null,"bound":20}"""));
    }

    [Test]
    public async Task Post_ChunkedBodyOneByteOverLimit_Returns413PayloadTooLarge()
    {
        await using var server = await StartAsync(Limit);

        using var response = await server.Client.PostAsync("/size", Support.Http.Chunked(Support.Http.JsonOfSize(Limit + 1)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.ReadTextAsync(), Is.EqualTo("""{"error":"Payload Too Large"}"""));
    }

    [Test]
    public async Task Post_DefaultLimit_Accepts64KiBAndRejectsOneByteMore()
    {
        await using var server = await StartAsync(limit: null);

        using var atLimit = await server.Client.PostAsync("/size", Support.Http.JsonBytes(Support.Http.JsonOfSize(64 * 1024)));
        using var overLimit = await server.Client.PostAsync("/size", Support.Http.JsonBytes(Support.Http.JsonOfSize((64 * 1024) + 1)));

        Assert.That(atLimit.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(overLimit.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await overLimit.ReadTextAsync(), Is.EqualTo("""{"error":"Payload Too Large"}"""));
    }

    [Test]
    public async Task Post_DeclaredLengthFarOverLimit_Returns413BeforeTheBodyIsSent()
    {
        await using var server = await StartAsync(Limit);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Server.Port);
        var stream = tcp.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /size HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 8388608\r\n\r\n"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = await new StreamReader(stream).ReadToEndAsync(timeout.Token);

        Assert.That(answer, Does.StartWith("HTTP/1.1 413 Payload Too Large\r\n"));
        Assert.That(answer, Does.Contain("Connection: close"));
        Assert.That(answer, Does.EndWith("""{"error":"Payload Too Large"}"""));
    }
}
