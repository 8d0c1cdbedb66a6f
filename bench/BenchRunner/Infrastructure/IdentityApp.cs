using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace BenchRunner;

/// <summary>Runs bench/IdentityBaseline (ASP.NET Core Identity, EF Core on Npgsql) as a process with a file of bearer tokens it issued.</summary>
/// <remarks>
/// The users (<c>user0@identity.bench</c> ...) are registered once per run through <c>POST /register</c>, on the first app
/// started; each app then logs every user in through <c>POST /login</c> and keeps the access tokens, since a bearer token is
/// protected with the keys of the app that issued it.
/// </remarks>
internal sealed class IdentityApp : IAsyncDisposable
{
    /// <summary>The password of every user; Identity's default rules want a digit, both cases and a symbol.</summary>
    public const string Password = "Bench-password-1";

    /// <summary>The number of users (and so of tokens) the figures rotate over.</summary>
    public const int Users = 16;

    private IdentityApp(ServerProcess server, string tokens)
    {
        Server = server;
        Tokens = tokens;
    }

    /// <summary>Gets the server process.</summary>
    public ServerProcess Server { get; }

    /// <summary>Gets the file of this app's access tokens, one a line.</summary>
    public string Tokens { get; }

    /// <summary>Starts the app on the Identity database, registers the users if no app did yet, and logs them in.</summary>
    public static async Task<IdentityApp> StartAsync(BenchContext context, string name)
    {
        var connectionString = await context.IdentityDatabaseAsync();
        var server = await ServerProcess.StartAsync(
            name,
            context.Paths.IdentityBaseline,
            port => ["--port", port.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = connectionString },
            "/profile",
            context.WorkDirectory);
        try
        {
            using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(2) };
            if (!context.IdentityUsersRegistered)
            {
                for (var u = 0; u < Users; u++)
                {
                    await PostAsync(client, "/register", u);
                }

                context.IdentityUsersRegistered = true;
            }

            var tokens = new List<string>();
            for (var u = 0; u < Users; u++)
            {
                using var json = JsonDocument.Parse(await PostAsync(client, "/login", u));
                tokens.Add(json.RootElement.GetProperty("accessToken").GetString()
                    ?? throw new BenchFailure($"POST /login on {name} answered no accessToken."));
            }

            var file = Path.Combine(context.WorkDirectory, $"{name}-tokens.txt");
            await File.WriteAllLinesAsync(file, tokens);
            return new IdentityApp(server, file);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server.</summary>
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static async Task<string> PostAsync(HttpClient client, string path, int user)
    {
        using var body = new StringContent(
            string.Create(CultureInfo.InvariantCulture, $$"""{"email":"user{{user}}@identity.bench","password":"{{Password}}"}"""), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? text
            : throw new BenchFailure($"POST {path} (user {user}) on the Identity baseline answered {(int)response.StatusCode}: {text}");
    }
}
