// The ASP.NET Core Identity baseline of the benchmarks (docs/benchmarks.md, figures 6 and 7): AddIdentityApiEndpoints<IdentityUser>
// with EF Core on Npgsql and bearer tokens, default options. Routes: POST /register and POST /login (MapIdentityApi; login
// answers the bearer token), GET /profile (the token's claims only: stateless, no database) and GET /profile-db (the same
// user loaded by id through UserManager: one EF Core query). The tables are created at startup (EnsureCreated) in the
// database the connection string names, which the runner keeps for this app alone.
// Usage: ConnectionStrings__Postgres="Host=...;Database=..." dotnet IdentityBaseline.dll --port 5000
using System.Net;
using IdentityBaseline;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var port = builder.Configuration.GetValue<int?>("port") ?? throw new InvalidOperationException("Pass --port N.");
var connectionString = builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres.");
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port);
});
builder.Services.AddDbContext<IdentityDb>(options => options.UseNpgsql(connectionString));
builder.Services.AddAuthorization();
builder.Services.AddIdentityApiEndpoints<IdentityUser>().AddEntityFrameworkStores<IdentityDb>();

var app = builder.Build();
await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<IdentityDb>().Database.EnsureCreatedAsync();
}

app.MapIdentityApi<IdentityUser>();
app.MapGet("/profile", ProfileEndpoints.Stateless).RequireAuthorization();
app.MapGet("/profile-db", ProfileEndpoints.FromDatabaseAsync).RequireAuthorization();
await app.RunAsync();
