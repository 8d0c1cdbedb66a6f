using System.Diagnostics;

namespace BenchRunner;

/// <summary>Runs short command-line tools and returns their output.</summary>
internal static class Tool
{
    /// <summary>Runs a program to its end and returns its exit code with standard output and error combined.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = ChildProcesses.Start(info);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        ChildProcesses.Forget(process);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Returns the first line a version command prints, or "not found".</summary>
    public static async Task<string> VersionAsync(string fileName, params string[] arguments)
    {
        try
        {
            var (_, output) = await RunAsync(fileName, arguments);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }

    /// <summary>Sends a POSIX signal (INT, TERM) to a process this run started.</summary>
    public static async Task SignalAsync(int pid, string signal) =>
        await RunAsync("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>Returns whether a program is on the PATH.</summary>
    public static bool Exists(string fileName) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(folder => folder.Length > 0 && File.Exists(Path.Combine(folder, fileName)));
}
