// The docs' "Complete Example", runnable, hosted in an ordinary ASP.NET Core app (composition in ExampleApp.cs,
// hosting in ExampleHost.cs):
//   dotnet run --project examples/CompleteExample              (embedded in-memory store, http://localhost:3000)
//   ConnectionStrings__Postgres="Host=...;Username=...;Password=...;Database=..." dotnet run --project examples/CompleteExample
// Settings: appsettings.json, environment and command line (docs/hosting.md lists the keys): --port N (or PORT; 0 picks a
// free port; without it ASPNETCORE_URLS / --urls decide), Cors__Origins__0=https://app.example, JustScale__Auth__SessionTtl,
// --sweep-seconds N, --rate-limits on|off (or AUTH_RATE_LIMITS), --session-cookies (or SESSION_COOKIES=on).
// --print-migrations: print the SQL that the start would apply to PostgreSQL (and what it would refuse), change nothing, exit 0.
using CompleteExample;
using JustScale.Core;
using Microsoft.AspNetCore.Builder;

var printMigrations = args.Contains(ExampleHost.PrintMigrationsFlag);
WebApplication app;
try
{
    app = ExampleHost.Build([.. args.Where(a => a != ExampleHost.PrintMigrationsFlag)]);
}
catch (Exception ex) when (ex is JustScaleException or ArgumentException) // a bad setting (--port abc): one line naming it, no stack trace
{
    await Console.Error.WriteLineAsync($"Cannot start: {ex.Message}");
    return 1;
}

return printMigrations ? await ExampleHost.PrintMigrationsAsync(app) : await ExampleHost.RunAsync(app);

/// <summary>The example's entry point, public so that WebApplicationFactory&lt;Program&gt; can host it in tests.</summary>
public partial class Program;
