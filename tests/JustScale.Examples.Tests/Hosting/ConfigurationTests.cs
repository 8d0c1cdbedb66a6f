using System.Globalization;
using System.Net;
using System.Net.Sockets;
using JustScale.Testing;

namespace JustScale.Examples.Tests.Hosting;

/// <summary>Starts the hosted example as its own process with ASP.NET Core's usual settings, and with settings it cannot start on.</summary>
[TestFixture]
public sealed class ConfigurationTests
{
    [Test]
    public async Task Process_AspNetCoreUrlsOnly_ListensThere()
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

        await using var example = await ExampleProcess.StartAsync(null, new Dictionary<string, string> { ["ASPNETCORE_URLS"] = url }, freePort: false);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        using var live = await http.GetAsync(new Uri(url + "/health/live"));

        Assert.That(example.Url, Is.EqualTo(new Uri(url)), example.Output);
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await example.StopAsync(), Is.Zero, example.Output);
    }

    [Test]
    public async Task Process_UnreadableSessionTtl_ExitsOneWithOneLineNamingTheSection()
    {
        var (exitCode, output) = await ExampleProcess.RunUntilExitAsync(
            new Dictionary<string, string> { ["JustScale__Auth__SessionTtl"] = "not-a-time" }, "--port", "0");

        var lines = Lines(output);
        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(lines, Has.Exactly(1).Contains("JustScale:Auth"), output);
        Assert.That(output, Does.Contain("SessionTtl").And.Contain("not-a-time"));
        Assert.That(lines, Has.None.StartsWith("   at "), "no stack trace");
        Assert.That(output, Does.Not.Contain("Unhandled exception"));
    }

    [Test]
    public async Task Process_PortInUse_ExitsOneWithOneLineNamingThePort()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var (exitCode, output) = await ExampleProcess.RunUntilExitAsync(new Dictionary<string, string>(), "--port", port);

        var lines = Lines(output);
        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(lines, Has.Exactly(1).Contains(":" + port), output);
        Assert.That(lines, Has.Exactly(1).Contains("address already in use"), output);
        Assert.That(lines, Has.None.StartsWith("   at "), "no stack trace");
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
