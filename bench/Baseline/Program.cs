// The baseline of the authenticated GET /profile figure: what a developer would write by hand with ASP.NET Core's minimal
// API and raw Npgsql to do the work of the complete example's ProfileController (JustScale's Auth middleware, one JOIN for
// the session and its user, the throttled LastActiveAt write, the same JSON and the same 401 bodies).
// Usage: ConnectionStrings__Postgres="Host=..." dotnet Baseline.dll --port 5000
using System.Net;
using Baseline;
using Npgsql;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var port = builder.Configuration.GetValue<int?>("port") ?? throw new InvalidOperationException("Pass --port N.");
var connectionString = builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres.");
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port);
});
builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();
app.MapGet("/profile", ProfileEndpoint.GetAsync);
await app.RunAsync();
