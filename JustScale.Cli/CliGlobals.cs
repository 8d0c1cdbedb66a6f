using System.CommandLine;
using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Cli;

/// <summary>Holds the options every command takes (<c>--connection</c>, <c>--json</c>) and runs a command's work on a started cluster.</summary>
internal sealed record CliGlobals(CliConsole Console, Option<string?> Connection, Option<bool> Json)
{
    /// <summary>Sets the command's action: start a cluster with <paramref name="parts"/>, run <paramref name="work"/>, map failures to exit codes.</summary>
    public void Run(Command command, CliParts parts, Func<ParseResult, Cluster, CancellationToken, Task<int>> work) =>
        Run(command, _ => parts, work);

    /// <summary>Sets the command's action, with the parts chosen from the parsed options.</summary>
    public void Run(Command command, Func<ParseResult, CliParts> parts, Func<ParseResult, Cluster, CancellationToken, Task<int>> work) =>
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, parts(parsed), work, cancellationToken));

    /// <summary>Gets whether <c>--json</c> was given.</summary>
    public bool IsJson(ParseResult parsed) => parsed.GetValue(Json);

    private async Task<int> RunAsync(ParseResult parsed, CliParts parts, Func<ParseResult, Cluster, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        try
        {
            var settings = CliSettings.From(Console.Configuration, parsed.GetValue(Connection));
            var cluster = await CliCluster.StartAsync(settings, Console.Configuration, parts, cancellationToken).ConfigureAwait(false);
            await using (cluster.ConfigureAwait(false))
            {
                return await work(parsed, cluster, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (CliException e)
        {
            return await FailAsync(e.Message, e.ExitCode).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidAuthInputException or UserExistsException)
        {
            return await FailAsync(e.Message, ExitCodes.Error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await FailAsync("Cancelled.", ExitCodes.Error).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JustScaleException or InvalidOperationException or ArgumentException or IOException or TimeoutException
            or System.Net.Sockets.SocketException or Npgsql.NpgsqlException or System.Security.Cryptography.CryptographicException)
        {
            return await FailAsync(Describe(e), ExitCodes.Error).ConfigureAwait(false);
        }
    }

    private async Task<int> FailAsync(string message, int exitCode)
    {
        await Console.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        return exitCode;
    }

    // A wrapped failure (the cluster's compile or start) names its cause; no stack trace, no connection string.
    private static string Describe(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!message.Contains(inner.Message, StringComparison.Ordinal))
            {
                message += " " + inner.Message;
            }
        }

        return message;
    }
}
