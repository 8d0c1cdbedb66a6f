using System.Diagnostics;
using System.Net.Sockets;
using NUnit.Framework;

namespace JustScale.Testing;

/// <summary>Runs a server program from Debian (pgbouncer, haproxy) in the foreground for a test: output collected, ready when its port
/// accepts connections, killed with its children when disposed.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServiceProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Gets whether the process still runs.</summary>
    public bool IsAlive => !_process.HasExited;

    /// <summary>Gets what the process wrote so far (stdout and stderr).</summary>
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

    /// <summary>Returns the path of an installed program, or fails (under CI) or ignores the test (elsewhere) naming the Debian package.</summary>
    public static string Require(string path, string package)
    {
        if (File.Exists(path))
        {
            return path;
        }

        var message = $"This test needs {path}: apt-get install {package} (.ci/run installs it).";
        if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            throw new InvalidOperationException(message);
        }

        Assert.Ignore(message);
        return path;
    }

    /// <summary>Starts a program and waits until <paramref name="port"/> on 127.0.0.1 accepts a connection (or the program exits).</summary>
    public static async Task<ServiceProcess> StartAsync(string fileName, IReadOnlyList<string> arguments, int port, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var service = new ServiceProcess(new Process { StartInfo = start });
        service._process.OutputDataReceived += (_, e) => service.Append(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        try
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                if (service._process.HasExited)
                {
                    throw new InvalidOperationException($"{Path.GetFileName(fileName)} exited ({service._process.ExitCode}) before listening on {port}:\n{service.Output}");
                }

                if (await AcceptsAsync(port, cancellationToken))
                {
                    return service;
                }

                if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"{Path.GetFileName(fileName)} did not listen on {port} within 30 s:\n{service.Output}");
                }

                await Task.Delay(20, cancellationToken);
            }
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the process and its children if they still run.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Already gone, or gone too slowly to wait for.
        }

        _process.Dispose();
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }
}
