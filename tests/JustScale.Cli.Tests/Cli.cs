using System.Diagnostics;
using System.Text.Json;

namespace JustScale.Cli.Tests;

/// <summary>Runs the justscale tool: in-process through its entry point (<see cref="CliApp.RunAsync"/>), or as the built tool in its own process.</summary>
internal static class Cli
{
    /// <summary>Runs the tool in-process with the arguments and an optional standard input; returns its exit code and output.</summary>
    public static async Task<CliResult> RunAsync(string connectionString, params string[] args) =>
        await RunWithAsync(null, null, ["--connection", connectionString, .. args]);

    /// <summary>Runs the tool in-process with settings (as environment variables would give them) and standard input.</summary>
    public static async Task<CliResult> RunWithAsync(IReadOnlyDictionary<string, string?>? settings, string? input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input ?? "");
        var code = await CliApp.RunAsync(args, CliConsole.Create(output, error, reader, settings));
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs the built tool (<c>dotnet JustScale.Cli.dll</c>) as a process with <c>ConnectionStrings__Postgres</c> set, as an operator would.</summary>
    public static async Task<CliResult> RunProcessAsync(string connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "JustScale.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}

/// <summary>Holds what a run of the tool returned and wrote.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Parses the output as JSON (a run with <c>--json</c>).</summary>
    public JsonElement Json => JsonDocument.Parse(Output).RootElement.Clone();

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
