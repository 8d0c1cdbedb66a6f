using System.CommandLine;

namespace JustScale.Cli;

/// <summary>The tool's entry point: parses the command line, runs the command, returns the exit code.</summary>
internal static class CliApp
{
    /// <summary>Runs the tool with the arguments, writing to the console's writers; returns 0, 1 (error) or 2 (usage).</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var root = Create(console);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync("Run 'justscale --help' (or 'justscale <command> --help') for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
        return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the command tree.</summary>
    internal static RootCommand Create(CliConsole console)
    {
        var globals = new CliGlobals(
            console,
            new Option<string?>("--connection", "-c")
            {
                Description = "The PostgreSQL connection string (default: ConnectionStrings__Postgres, POSTGRES_URL or DATABASE_URL).",
                Recursive = true,
            },
            new Option<bool>("--json") { Description = "Write the result as JSON instead of a table.", Recursive = true });
        return new RootCommand("Administers a JustScale app's PostgreSQL database through the app's own services: users, sessions, migrations, keys, audit.")
        {
            globals.Connection, globals.Json,
            UsersCommands.Create(globals), SessionsCommands.Create(globals), MigrateCommand.Create(globals), KeysCommands.Create(globals), AuditCommand.Create(globals),
        };
    }
}
