using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace JustScale.Testing;

/// <summary>Finds the local PostgreSQL binaries and runs them, as the <c>postgres</c> user when this process is root.</summary>
internal static class LocalPostgres
{
    /// <summary>Names the folders of throwaway clusters, so stale ones can be found again.</summary>
    public const string DirectoryPrefix = "justscale-pg-";

    /// <summary>Names the file in a cluster folder that records the owning process.</summary>
    public const string OwnerFile = "owner";

    private static readonly Lazy<string?> BinDirectoryLazy = new(FindBinDirectory);

    /// <summary>Gets whether this process runs as root (initdb and pg_ctl then run as <c>postgres</c>).</summary>
    public static bool IsRoot { get; } =
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    /// <summary>Gets the folder holding initdb and pg_ctl, or null when none was found.</summary>
    public static string? BinDirectory => BinDirectoryLazy.Value;

    /// <summary>Gets the folder under which throwaway clusters are made (one the postgres user can reach).</summary>
    public static string TempRoot => IsRoot && Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath();

    /// <summary>Gets the path of a PostgreSQL program in <see cref="BinDirectory"/>.</summary>
    public static string Tool(string name) =>
        Path.Combine(BinDirectory ?? throw new InvalidOperationException("No local PostgreSQL binaries."), name);

    /// <summary>Returns a TCP port on 127.0.0.1 that is free right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Runs a PostgreSQL program (as <c>postgres</c> when root) and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunToolAsync(string tool, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var (fileName, asPostgres) = AsPostgres(tool, arguments);
        return RunAsync(fileName, asPostgres, timeout);
    }

    /// <summary>Stops the cluster in a folder, if it runs, with <c>pg_ctl stop -m immediate</c>, synchronously (for the process-exit hook, which cannot await).</summary>
    public static void StopImmediatelyBlocking(string root)
    {
        var data = Path.Combine(root, "data");
        if (!File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            return;
        }

        var (fileName, arguments) = AsPostgres("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w", "-t", "30"]);
        using var process = Start(fileName, arguments, redirect: false);
        if (!process.WaitForExit(TimeSpan.FromSeconds(35)))
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Runs a program and returns its exit code and combined output; kills it after the timeout.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        using var process = Start(fileName, arguments, redirect: true);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Makes the postgres user own a folder (needed before initdb when this process is root).</summary>
    public static async Task GiveToPostgresAsync(string directory)
    {
        if (!IsRoot)
        {
            return;
        }

        var (code, output) = await RunAsync("chown", ["-R", "postgres:postgres", directory], TimeSpan.FromSeconds(30));
        if (code != 0)
        {
            throw new InvalidOperationException(
                $"chown postgres {directory} failed ({code}): {output.Trim()} (running as root needs a 'postgres' user; apt-get install postgresql creates it).");
        }
    }

    /// <summary>Writes the owner marker: this process's id and start time, so a later run can tell whether it still lives.</summary>
    public static void WriteOwner(string root)
    {
        using var self = Process.GetCurrentProcess();
        var text = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {self.StartTime.ToUniversalTime().Ticks}\n");
        File.WriteAllText(Path.Combine(root, OwnerFile), text);
    }

    /// <summary>Tells whether the process recorded in an owner marker is still running.</summary>
    public static bool OwnerIsAlive(string root)
    {
        string[] parts;
        try
        {
            parts = File.ReadAllText(Path.Combine(root, OwnerFile)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        catch (IOException)
        {
            return false;
        }

        if (parts.Length != 2
            || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var started))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && Math.Abs(process.StartTime.ToUniversalTime().Ticks - started) < TimeSpan.TicksPerSecond;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Starts a detached shell that stops and deletes the cluster if this process dies without doing so.</summary>
    /// <remarks>It polls every second and ends by itself once the cluster folder is gone.</remarks>
    public static void StartWatchdog(string root)
    {
        var pgCtl = Tool("pg_ctl");
        var asPostgres = IsRoot ? "runuser -u postgres -- " : "";
        var script = string.Create(CultureInfo.InvariantCulture, $"""
            exec </dev/null >/dev/null 2>&1
            while kill -0 {Environment.ProcessId} && [ -d '{root}' ]; do sleep 1; done
            if [ -f '{root}/data/postmaster.pid' ]; then {asPostgres}'{pgCtl}' stop -D '{root}/data' -m immediate -w -t 30; fi
            rm -rf '{root}'
            """);
        var detached = File.Exists("/usr/bin/setsid") || File.Exists("/bin/setsid");
        using var process = Start(detached ? "setsid" : "/bin/sh", detached ? ["-f", "/bin/sh", "-c", script] : ["-c", script], redirect: false);
        if (detached)
        {
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
    }

    private static (string FileName, IReadOnlyList<string> Arguments) AsPostgres(string tool, IReadOnlyList<string> arguments)
    {
        var path = Tool(tool);
        return IsRoot ? ("runuser", ["-u", "postgres", "--", path, .. arguments]) : (path, arguments);
    }

    private static Process Start(string fileName, IReadOnlyList<string> arguments, bool redirect)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
            CreateNoWindow = true,
        };

        // initdb and pg_ctl must not inherit a libpq environment meant for something else.
        foreach (var name in new[] { "PGDATA", "PGPORT", "PGHOST", "PGUSER", "PGDATABASE", "PGPASSWORD" })
        {
            info.Environment.Remove(name);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
    }

    private static string? FindBinDirectory()
    {
        const string debian = "/usr/lib/postgresql";
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(HasTools)
            ?? (!Directory.Exists(debian) ? null : Directory.EnumerateDirectories(debian)
                .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: double.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(x => HasTools(x.Dir))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Dir)
                .FirstOrDefault());

        static bool HasTools(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));
    }
}
