using System.Globalization;
using System.Runtime.InteropServices;

namespace BenchRunner;

/// <summary>Describes the machine and the tools a run used, for the report's header.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, double MemoryGiB, string Os, string Kernel, string Dotnet, string Wrk, string Node, string Postgres)
{
    /// <summary>Collects the description; <paramref name="postgres"/> is the server's version string.</summary>
    public static async Task<MachineInfo> CollectAsync(string postgres)
    {
        var cpu = ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memoryKb = ReadField("/proc/meminfo", "MemTotal")?.Split(' ')[0];
        var memory = memoryKb is null ? 0 : double.Parse(memoryKb, CultureInfo.InvariantCulture) / (1024 * 1024);
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            : null;
        return new MachineInfo(
            cpu,
            Environment.ProcessorCount,
            memory,
            os ?? RuntimeInformation.OSDescription,
            File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.Version.ToString(),
            Environment.Version.ToString(),
            (await Tool.VersionAsync("wrk", "-v")).Split(" [", 2)[0],
            await Tool.VersionAsync("node", "--version"),
            postgres);
    }

    private static string? ReadField(string file, string name)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        return File.ReadLines(file)
            .Where(line => line.StartsWith(name, StringComparison.Ordinal))
            .Select(line => line.Split(':', 2)[1].Trim())
            .FirstOrDefault();
    }
}
