using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BenchRunner;

/// <summary>Runs one server (a built dll) as a child process on a loopback port, with its output in a log file.</summary>
/// <remarks>
/// Every server runs with the runtime settings its own project declares (its runtimeconfig.json: the GC mode among them),
/// as it ships: the complete example's are part of what is measured (docs/benchmarks.md, "Idle memory"). Variables of the
/// runner's environment that would override them (DOTNET_GC*, DOTNET_gc*) are not passed on; a figure's own are.
/// Disposing sends SIGTERM, then kills what is left after 15 seconds.
/// </remarks>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logSync = new();

    private ServerProcess(string name, Process process, int port, string logPath, StreamWriter log)
    {
        Name = name;
        _process = process;
        Port = port;
        LogPath = logPath;
        _log = log;
    }

    /// <summary>Gets the server's name in reports and logs.</summary>
    public string Name { get; }

    /// <summary>Gets the port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Gets the base URL.</summary>
    public Uri Url => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}"));

    /// <summary>Gets the file its standard output and error go to.</summary>
    public string LogPath { get; }

    /// <summary>Starts <c>dotnet dll arguments</c> and waits until <paramref name="probePath"/> answers over HTTP (any status).</summary>
    public static async Task<ServerProcess> StartAsync(
        string name, string dll, Func<int, IEnumerable<string>> arguments, IReadOnlyDictionary<string, string> environment, string probePath, string logDirectory)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments(port))
        {
            info.ArgumentList.Add(argument);
        }

        var gcVariables = info.Environment.Keys.Where(k =>
            k.StartsWith("DOTNET_GC", StringComparison.OrdinalIgnoreCase) || k.StartsWith("COMPlus_GC", StringComparison.OrdinalIgnoreCase));
        foreach (var inherited in new[] { "ConnectionStrings__Postgres", "POSTGRES_URL", "DATABASE_URL", "PORT" }.Concat(gcVariables.ToList()))
        {
            info.Environment.Remove(inherited);
        }

        // The suite stops servers between figures: no drain delay (5 s outside Development) before each stop.
        info.Environment["JustScale__Http__DrainDelay"] = "00:00:00";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var logPath = Path.Combine(logDirectory, $"{name}-{port}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = ChildProcesses.Start(info);
        var server = new ServerProcess(name, process, port, logPath, log);
        process.OutputDataReceived += (_, e) => server.Log(e.Data);
        process.ErrorDataReceived += (_, e) => server.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync(probePath);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Returns the CPU time the process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Returns the peak resident set size (VmHWM) in bytes.</summary>
    public long PeakResidentBytes() => ReadStatus("VmHWM:");

    /// <summary>Returns the current resident set size (VmRSS) in bytes.</summary>
    public long ResidentBytes() => ReadStatus("VmRSS:");

    /// <summary>Returns the parts of the resident set in bytes: anonymous (RssAnon: the GC heap, native heaps, stacks), mapped
    /// files (RssFile: the runtime's and the assemblies' images) and shared memory (RssShmem: the runtime's double-mapped
    /// executable memory, which holds JIT-compiled code and stubs).</summary>
    public (long Anonymous, long Files, long Shared) ResidentParts() => (ReadStatus("RssAnon:"), ReadStatus("RssFile:"), ReadStatus("RssShmem:"));

    /// <summary>Throws a failure naming the log when the process has exited.</summary>
    public void EnsureRunning()
    {
        if (_process.HasExited)
        {
            throw new BenchFailure($"{Name} exited with code {_process.ExitCode}; its output: {LogPath}\n{Tail()}");
        }
    }

    /// <summary>Stops the server (SIGTERM, then a kill after 15 s) and closes its log.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await Tool.SignalAsync(_process.Id, "TERM");
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            ChildProcesses.Forget(_process);
            _process.Dispose();
            lock (_logSync)
            {
                _log.Dispose();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logSync)
        {
            if (_log.BaseStream.CanWrite)
            {
                _log.WriteLine(line);
            }
        }
    }

    private async Task WaitReadyAsync(string probePath)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            EnsureRunning();
            try
            {
                using var response = await Probe.GetAsync(new Uri(Url, probePath));
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                await Task.Delay(200);
            }
        }
    }

    private long ReadStatus(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))
            ?? throw new BenchFailure($"/proc/{_process.Id}/status has no {field}");
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private string Tail()
    {
        lock (_logSync)
        {
            _log.Flush();
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n');
        return string.Join('\n', lines.TakeLast(30));
    }
}
