using JustScale.Core;
using Microsoft.Extensions.Logging.Testing;

namespace JustScale.Http.Tests.Support;

/// <summary>A running server in either style, for tests that must pass in both: the docs' Listen, or a WebApplication with MapJustScale.</summary>
internal interface ITestServer : IAsyncDisposable
{
    HttpClient Client { get; }

    FakeLogCollector Logs { get; }
}

/// <summary>Starts a test server in the named style.</summary>
internal static class TestServers
{
    /// <summary>The styles every wire-contract test runs in.</summary>
    public static readonly string[] Styles = ["Listen", "Hosted"];

    public static async Task<ITestServer> StartAsync(string style, params IClusterComponent[] components)
    {
        void Add(ClusterBuilder builder)
        {
            foreach (var component in components)
            {
                builder.Add(component);
            }
        }

        return style == "Hosted" ? await HostedServer.StartAsync(Add) : await LiveServer.StartAsync(Add);
    }
}
