using System.Globalization;

namespace BenchRunner;

/// <summary>Reads CPU times from /proc: a process's own, and a PostgreSQL server's (the postmaster, its reaped children and its live backends).</summary>
internal static class ProcCpu
{
    // Linux reports /proc/<pid>/stat times in clock ticks of USER_HZ, which is 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>Returns the CPU time (user + system) of every process of the PostgreSQL server whose data folder holds postmaster.pid.</summary>
    /// <remarks>The postmaster's own time, its children's that have exited (cutime and cstime: it waits for each backend it
    /// started), and the live children's. Backends that end between two readings are counted in the second by the postmaster.</remarks>
    public static TimeSpan PostgresServer(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        var postmaster = int.Parse(File.ReadLines(pidFile).First().Trim(), CultureInfo.InvariantCulture);
        var own = Read(postmaster) ?? throw new BenchFailure($"The PostgreSQL postmaster (pid {postmaster}) is not running.");
        var ticks = own.User + own.System + own.ChildrenUser + own.ChildrenSystem;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { } stat && stat.ParentPid == postmaster)
            {
                ticks += stat.User + stat.System;
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    // Fields after the command name in parentheses (which may hold spaces): state ppid ... utime(14) stime(15) cutime(16) cstime(17).
    private static Stat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // ended meanwhile
        }

        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return new Stat((int)Field(4), Field(14), Field(15), Field(16), Field(17));
    }

    private sealed record Stat(int ParentPid, long User, long System, long ChildrenUser, long ChildrenSystem);
}
