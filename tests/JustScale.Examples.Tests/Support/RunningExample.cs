using CompleteExample;
using JustScale.Core;
using JustScale.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Examples.Tests;

/// <summary>The complete example running in this process on a free loopback port, in either style: the docs' Listen or the hosted Program.</summary>
public sealed class RunningExample : IAsyncDisposable
{
    private readonly Func<ValueTask> _stop;

    private RunningExample(Uri url, IServiceProvider services, Func<ValueTask> stop)
    {
        Url = url;
        Services = services;
        _stop = stop;
    }

    /// <summary>The two ways the example runs: <c>Listen(cluster, options)</c> as the docs show it, and Program's WebApplication.</summary>
    public static readonly string[] Styles = ["Listen", "Hosted"];

    /// <summary>Gets the base address.</summary>
    public Uri Url { get; }

    /// <summary>Gets the services the routes use (the cluster's, or the host's with the cluster's in it).</summary>
    public IServiceProvider Services { get; }

    /// <summary>Starts the example on PostgreSQL (a connection string) or the in-memory store (null).</summary>
    public static async Task<RunningExample> StartAsync(string style, string? connectionString)
    {
        if (style == "Listen")
        {
            var settings = new ExampleSettings(0, connectionString is not null, TimeSpan.FromMinutes(5), connectionString);
            var (cluster, server) = await ExampleApp.StartAsync(settings);
            return new RunningExample(server.Url, cluster.Services, async () =>
            {
                await server.StopAsync();
                await cluster.DisposeAsync();
            });
        }

        var app = ExampleHost.Build(["--port", "0"], builder =>
        {
            if (connectionString is not null)
            {
                builder.Configuration["ConnectionStrings:Postgres"] = connectionString;
            }
        });
        await app.StartAsync();
        return new RunningExample(new Uri(app.Urls.First()), app.Services, async () =>
        {
            await app.StopAsync();
            await app.DisposeAsync();
        });
    }

    /// <summary>Resolves a service the routes use.</summary>
    public T Resolve<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Stops the server, then the cluster.</summary>
    public ValueTask DisposeAsync() => _stop();
}
