namespace JustScale.Cli;

/// <summary>The <c>justscale</c> tool's entry point: <c>dotnet tool install -g JustScale.Cli</c>, then <c>justscale --help</c> (docs/operations.md, "CLI").</summary>
/// <remarks>Exit codes: 0 done, 1 an error or an unknown user (a message on stderr), 2 a usage error.</remarks>
internal static class Program
{
    private static Task<int> Main(string[] args) => CliApp.RunAsync(args, CliConsole.System);
}
