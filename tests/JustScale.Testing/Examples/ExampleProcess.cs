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
    public static async Task<ExampleProcess> StartAsync(string? connectionString, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CompleteExample.dll"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
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

        var process = new Process { StartInfo = start };
        var example = new ExampleProcess(process);
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            example.Append(line);
            if (ReadyLine().Match(line) is { Success: true } match)
            {
                ready.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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
