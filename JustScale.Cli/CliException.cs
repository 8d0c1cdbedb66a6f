namespace JustScale.Cli;

/// <summary>Ends a command with a message for stderr and an exit code (1 for a failure or an unknown user, 2 for a usage error).</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Error) : Exception(message)
{
    /// <summary>Gets the process exit code.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>Returns the error for an email no user has.</summary>
    public static CliException UserNotFound(string email) => new($"No user has the email {email}.", ExitCodes.Error);

    /// <summary>Returns a usage error.</summary>
    public static CliException Usage(string message) => new(message, ExitCodes.Usage);
}
