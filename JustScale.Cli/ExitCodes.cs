namespace JustScale.Cli;

/// <summary>The tool's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command failed (unknown user, database unreachable, refused input); the reason is on stderr.</summary>
    public const int Error = 1;

    /// <summary>The command line was wrong (unknown command or option, a missing argument, no connection string).</summary>
    public const int Usage = 2;
}
