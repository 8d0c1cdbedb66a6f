using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace JustScale.Testing;

/// <summary>Runs the built example as its own process (<c>dotnet CompleteExample.dll --port 0</c>), as a user would, and reads its memory from /proc.</summary>
/// <remarks>The test project must reference examples/CompleteExample, so that CompleteExample.dll sits next to the tests.
/// Inherited PostgreSQL and port settings are removed: the process uses the given connection string or the in-memory store.</remarks>
public sealed partial class ExampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ExampleProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Gets the URL from the ready line.</summary>
    public Uri Url { get; private set; } = new("http://localhost/");

    /// <summary>Gets the process id.</summary>
    public int Id => _process.Id;

    /// <summary>Gets whether the process is still running.</summary>
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

    /// <summary>Starts the example on PostgreSQL (a connection string) or the in-memory store (null) and waits for its ready line.</summary>
    /// <param name="connectionString">The PostgreSQL connection string, or null for the in-memory store.</param>
    /// <param name="arguments">More command-line arguments, such as <c>--rate-limits off</c>.</param>
    public static Task<ExampleProcess> StartAsync(string? connectionString, params string[] arguments) =>
        StartAsync(connectionString, new Dictionary<string, string>(), arguments);

    /// <summary>Starts the example as <see cref="StartAsync(string?, string[])"/> does, with more environment variables (such as <c>Cors__Origins__0</c>).</summary>
    /// <param name="connectionString">The PostgreSQL connection string, or null for the in-memory store.</param>
    /// <param name="environment">Environment variables to set for the process, over the inherited ones.</param>
    /// <param name="arguments">More command-line arguments, such as <c>--session-cookies</c>.</param>
    public static Task<ExampleProcess> StartAsync(string? connectionString, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartAsync(connectionString, environment, freePort: true, arguments);

    /// <summary>Starts the example as <see cref="StartAsync(string?, IReadOnlyDictionary{string, string}, string[])"/> does; <paramref name="freePort"/> false
    /// leaves out <c>--port 0</c>, so that the environment (<c>ASPNETCORE_URLS</c>) or the arguments decide the address.</summary>
    /// <param name="connectionString">The PostgreSQL connection string, or null for the in-memory store.</param>
    /// <param name="environment">Environment variables to set for the process, over the inherited ones.</param>
    /// <param name="freePort">Whether to pass <c>--port 0</c> (a free port on 127.0.0.1) before the arguments.</param>
    /// <param name="arguments">More command-line arguments.</param>
    public static async Task<ExampleProcess> StartAsync(string? connectionString, IReadOnlyDictionary<string, string> environment, bool freePort, params string[] arguments)
    {
        var process = new Process { StartInfo = StartInfo(connectionString, environment, freePort, arguments) };
        var example = new ExampleProcess(process);
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        example.StartCollecting(line =>
        {
            if (ReadyLine().Match(line) is { Success: true } match)
            {
                ready.TrySetResult(new Uri(match.Groups[1].Value));
            }
        });
        try
        {
            var first = await Task.WhenAny(ready.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(90));
            if (first != ready.Task)
            {
                throw new InvalidOperationException("The example exited before its ready line:\n" + example.Output);
            }
        }
        catch
        {
            await example.DisposeAsync();
            throw;
        }

        example.Url = await ready.Task;
        return example;
    }

    /// <summary>Runs the example until it exits by itself, as it does when it cannot start; returns its exit code and output.</summary>
    /// <param name="environment">Environment variables to set for the process, over the inherited ones.</param>
    /// <param name="arguments">The command-line arguments (no <c>--port 0</c> is added).</param>
    /// <exception cref="TimeoutException">The example still ran after 90 s (it was killed).</exception>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var process = new Process { StartInfo = StartInfo(null, environment, freePort: false, arguments) };
        await using var example = new ExampleProcess(process);
        example.StartCollecting(_ => { });
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90)); // also waits for the end of the redirected output
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("The example did not exit within 90 s:\n" + example.Output);
        }

        return (process.ExitCode, example.Output);
    }

    private static ProcessStartInfo StartInfo(string? connectionString, IReadOnlyDictionary<string, string> environment, bool freePort, string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CompleteExample.dll"));
        if (freePort)
        {
            start.ArgumentList.Add("--port");
            start.ArgumentList.Add("0");
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "ConnectionStrings__Postgres", "POSTGRES_URL", "DATABASE_URL", "PORT" })
        {
            start.Environment.Remove(name);
        }

        if (connectionString is not null)
        {
            start.Environment["ConnectionStrings__Postgres"] = connectionString;
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Returns a memory figure of the process from /proc/&lt;pid&gt;/status, in bytes (VmHWM: peak resident set; VmRSS: current).</summary>
    public long ReadMemory(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Id}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var kilobytes = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{Id}/status has no {field}.");
    }

    /// <summary>Returns the number of threads of the process, from /proc/&lt;pid&gt;/status.</summary>
    public long Threads() => ReadMemory("Threads") / 1024;

    /// <summary>Waits (up to 60 s) for a process already signalled to exit; returns the exit code.</summary>
    /// <remarks>A second SIGTERM that lands after the host has released its signal handlers, but before the process is gone,
    /// takes the default action and ends it with 143: a test that sent its own SIGTERM waits here instead of calling <see cref="StopAsync"/>.</remarks>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    /// <summary>Kills the process if it still runs.</summary>
    public ValueTask DisposeAsync()
    {
        Kill(_process);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Starts the process, collecting stdout and stderr line by line and passing each line on.</summary>
    private void StartCollecting(Action<string> onLine)
    {
        void Receive(string? line)
        {
            if (line is not null)
            {
                Append(line);
                onLine(line);
            }
        }

        _process.OutputDataReceived += (_, e) => Receive(e.Data);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Append(string line)
    {
        lock (_output)
        {
            _output.Add(line);
        }
    }

    [GeneratedRegex(@"listening on (http://\S+) using")]
    private static partial Regex ReadyLine();
}
