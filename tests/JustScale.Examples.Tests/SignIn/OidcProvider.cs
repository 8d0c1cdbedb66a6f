using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace JustScale.Examples.Tests.SignIn;

/// <summary>Runs node's oidc-provider (tests/oidc-provider/provider.mjs, installed with <c>npm ci</c> by .ci/run) on a loopback port: a real OpenID Provider, not a mock.</summary>
internal sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "justscale-example";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly List<string> _output = [];

    private OidcProvider(Process process, int port, string clientSecret)
    {
        _process = process;
        Port = port;
        ClientSecret = clientSecret;
    }

    public int Port { get; }

    public string ClientSecret { get; }

    public Uri Issuer => new($"http://localhost:{Port}");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts the provider with one client whose only redirect URI is <paramref name="redirectUri"/>; waits until it listens.</summary>
    public static async Task<OidcProvider> StartAsync(Uri redirectUri)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "oidc-provider");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
        {
            var message = $"oidc-provider is not installed: run `npm ci` in {folder} (.ci/run does).";
            if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
            {
                throw new InvalidOperationException(message);
            }

            Assert.Ignore(message);
        }

        var port = FreePort();
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "provider.mjs", port.ToString(System.Globalization.CultureInfo.InvariantCulture), redirectUri.AbsoluteUri, secret })
        {
            start.ArgumentList.Add(argument);
        }

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = new OidcProvider(new Process { StartInfo = start }, port, secret);
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (provider._output)
            {
                provider._output.Add(line);
            }

            if (line.Contains("oidc-provider listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }

        provider._process.OutputDataReceived += (_, e) => Collect(e.Data);
        provider._process.ErrorDataReceived += (_, e) => Collect(e.Data);
        provider._process.EnableRaisingEvents = true;
        provider._process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("oidc-provider exited:\n" + provider.Output));
        provider._process.Start();
        provider._process.BeginOutputReadLine();
        provider._process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(StartTimeout);
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }

        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "JustScale.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("JustScale.sln not found above " + AppContext.BaseDirectory);
    }
}
