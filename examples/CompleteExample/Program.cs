// The docs' "Complete Example", runnable (composition in ExampleApp.cs):
//   dotnet run --project examples/CompleteExample              (embedded in-memory store, port 3000)
//   ConnectionStrings__Postgres="Host=...;Username=...;Password=...;Database=..." dotnet run --project examples/CompleteExample
// Options: --port N (or PORT; 0 picks a free port), --sweep-seconds N (or SESSION_SWEEP_SECONDS; default 300),
//          --rate-limits on|off (or AUTH_RATE_LIMITS; default on), --session-cookies (or SESSION_COOKIES=on; default off).
using System.Runtime.InteropServices;
using CompleteExample;
using Microsoft.Extensions.Logging;

var settings = ExampleSettings.From(args, Environment.GetEnvironmentVariable);
var (cluster, server) = await ExampleApp.StartAsync(settings, logging => logging
    .AddSimpleConsole(console => console.SingleLine = true)
    .SetMinimumLevel(LogLevel.Information)
    .AddFilter("Microsoft", LogLevel.Warning)
    .AddFilter("JustScale.Http", LogLevel.Warning)
    .AddFilter("Npgsql", LogLevel.Warning)); // Npgsql logs every command at Information: a console line per query

var log = cluster.Resolve<ILoggerFactory>().CreateLogger("CompleteExample");
ExampleLog.Ready(log, server.Url, settings.UsePostgres
    ? "PostgreSQL"
    : "the embedded in-memory store (data is lost on exit; set ConnectionStrings__Postgres, POSTGRES_URL or DATABASE_URL for PostgreSQL)");

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await stop.Task;

ExampleLog.Stopping(log);
await server.StopAsync();
await cluster.DisposeAsync();
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
