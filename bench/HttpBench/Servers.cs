using System.Net;
using JustScale.Core;
using JustScale.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static JustScale.Http.HttpHost;
using static JustScale.Http.Routes;

namespace HttpBench;

/// <summary>Runs one of the two servers until the process is stopped.</summary>
internal static class Servers
{
    /// <summary>Serves the route with JustScale.Http: a controller with one typed route.</summary>
    public static async Task<int> RunJustScaleAsync(int port)
    {
        var hello = Controller.Create("", () => new()
        {
            ["hello"] = Get("/hello").Handle(ctx => ctx.Res.Json(Greeting.Hello)),
        });
        await using var cluster = new ClusterBuilder().Add(hello).Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();
        await using var server = await Listen(cluster, new ListenOptions { Host = "127.0.0.1", Port = port });
        Console.WriteLine($"ready {server.Url}");
        await server.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Serves the route with a minimal API MapGet on the slim builder, logging off and no Server header, as JustScale.</summary>
    public static async Task<int> RunMinimalApiAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        app.MapGet("/hello", () => Greeting.Hello);
        await app.StartAsync();
        Console.WriteLine($"ready http://127.0.0.1:{port}/");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
