using System.Collections.Concurrent;
using System.Diagnostics;

namespace BenchRunner;

/// <summary>Tracks the processes this run started (servers, wrk, bench/Scrypt), so that none outlives an interrupted run.</summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<Process, byte> Live = new();

    static ChildProcesses() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    /// <summary>Starts a process and tracks it until <see cref="Forget"/>.</summary>
    public static Process Start(ProcessStartInfo info)
    {
        var process = Process.Start(info) ?? throw new BenchFailure($"Cannot start {info.FileName}.");
        Live.TryAdd(process, 0);
        return process;
    }

    /// <summary>Stops tracking a process that has ended.</summary>
    public static void Forget(Process process) => Live.TryRemove(process, out _);

    private static void KillAll()
    {
        foreach (var process in Live.Keys)
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
    }
}
