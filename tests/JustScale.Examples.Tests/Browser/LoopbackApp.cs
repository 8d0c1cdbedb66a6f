using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Examples.Tests.Browser;

/// <summary>A tiny Kestrel app on 127.0.0.1 and a free port: the other origin of the browser tests, or an API of their own.</summary>
/// <remarks>One server has two origins: <c>http://127.0.0.1:port</c> and <c>http://localhost:port</c>, which a browser keeps apart.</remarks>
internal sealed class LoopbackApp : IAsyncDisposable
{
    private const string Page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>JustScale browser test</title></head><body></body></html>";

    private readonly WebApplication _app;

    private LoopbackApp(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Returns the origin under a host name, such as <c>http://127.0.0.1:41234</c> (no trailing slash, as browsers send it).</summary>
    public string Origin(string host = "127.0.0.1") => $"http://{host}:{Port}";

    /// <summary>Returns the root URL under a host name.</summary>
    public Uri Url(string host = "127.0.0.1") => new(Origin(host) + "/");

    /// <summary>Serves one empty HTML page at every path: the document the browser tests run their scripts in.</summary>
    public static Task<LoopbackApp> ServePageAsync() => StartAsync(_ => { }, app => app.Run(context =>
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(Page);
    }));

    /// <summary>Builds an app on the bare Kestrel core (no routing, no logging providers), starts it and reads its port.</summary>
    public static async Task<LoopbackApp> StartAsync(Action<IServiceCollection> services, Action<WebApplication> pipeline)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        services(builder.Services);
        var app = builder.Build();
        pipeline(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new LoopbackApp(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
