namespace JustScale.Postgres;

/// <summary>Ends the process cleanly when a refused migration stops a start and nobody catches it.</summary>
/// <remarks>
/// Left to the runtime, an uncaught <see cref="SchemaMigrationException"/> from <c>app.Run()</c> printed the message twice
/// (the host's "Hosting failed to start", then the runtime's "Unhandled exception" with the stack) and aborted with exit
/// code 134, which reads like a crash. Armed when a start is refused, this handler acts only on that exception when it is
/// about to end the process anyway: it prints the message once (or not at all when a host already logged it) and exits
/// with code 1. An application that catches the exception (the complete example prints <c>Cannot start:</c>) never sees it.
/// </remarks>
internal static class UncaughtRefusal
{
    /// <summary>The exit code of a start refused by a migration.</summary>
    public const int ExitCode = 1;

    private static int _armed;
    private static volatile bool _hostLogs = true;

    /// <summary>Installs the handler once per process.</summary>
    /// <param name="hostLogs">Whether a host logs the failed start itself (the hosted style), so the handler prints nothing.</param>
    public static void Arm(bool hostLogs)
    {
        _hostLogs = hostLogs;
        if (Interlocked.Exchange(ref _armed, 1) == 0)
        {
            AppDomain.CurrentDomain.UnhandledException += OnUnhandled;
        }
    }

    private static void OnUnhandled(object? sender, UnhandledExceptionEventArgs e)
    {
        if (Find(e.ExceptionObject as Exception) is not { } refusal)
        {
            return;
        }

        if (!_hostLogs)
        {
            Console.Error.WriteLine("Cannot start: " + refusal.Message.TrimEnd());
        }

        Environment.Exit(ExitCode);
    }

    private static SchemaMigrationException? Find(Exception? error) => error switch
    {
        SchemaMigrationException refusal => refusal,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null),
        _ => null,
    };
}
