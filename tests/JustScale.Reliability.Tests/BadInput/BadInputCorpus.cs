using System.Text;

namespace JustScale.Reliability.Tests;

/// <summary>Builds the bad-input corpus against every route of the complete example.</summary>
/// <remarks>
/// A victim user (verified email, live token) lets requests reach the checks behind authentication; no request of
/// the corpus carries a token that could revoke it. Emails of accepted registrations are unique per run.
/// </remarks>
internal sealed partial class BadInputCorpus(string token, Guid userId, string connectionString)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Lists every route of the example: name, method, path, whether it requires a session, its body type.</summary>
    public IReadOnlyList<(string Name, string Method, string Path, bool Auth)> Routes =>
    [
        ("register", "POST", "/auth/register", false),
        ("login", "POST", "/auth/login", false),
        ("logout", "POST", "/auth/logout", true),
        ("logout-all", "POST", "/auth/logout-all", true),
        ("profile", "GET", "/profile", true),
        ("feed", "GET", "/feed", false),
        ("admin", "GET", "/admin", true),
        ("messages", "POST", "/messages", true),
        ("update-profile", "PATCH", $"/users/{userId}", true),
    ];

    /// <summary>Returns the whole corpus.</summary>
    public List<BadCase> Build() =>
        [.. new[] { BrokenJson(), Sizes(), RegisterBodies(), LoginBodies(), MessageBodies(), AuthorizationHeaders(), Framing(), Paths() }.SelectMany(c => c).Select(WithAuthBodyLimit)];

    /// <summary>Expects 413 for a body over 8 KiB sent to register or login: their own limit refuses it before it is parsed,
    /// where a route with the server's 1 MiB limit answers the content (an overlong value, JSON nested too deep).</summary>
    private static BadCase WithAuthBodyLimit(BadCase bad)
    {
        if (bad.Route is not ("register" or "login") || bad.Expected != Expect.ClientError || bad.Status == 413)
        {
            return bad;
        }

        var head = bad.Request.AsSpan().IndexOf("\r\n\r\n"u8);
        var body = head < 0 ? 0 : bad.Request.Length - head - 4;
        return body > AuthBodyLimit ? bad with { Status = 413, Error = "Payload Too Large" } : bad;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Request(string method, string path, byte[]? body = null, string? authorization = null, params (string, string)[] headers)
    {
        var list = new List<(string, string)>(headers);
        if (authorization is not null)
        {
            list.Add(("Authorization", authorization));
        }

        if (body is not null && !list.Any(h => h.Item1 == "Content-Type"))
        {
            list.Add(("Content-Type", "application/json"));
        }

        return RawHttp.Build(method, path, list, body);
    }

    /// <summary>Builds a request to a route, with the victim's token on routes that require a session (never on the logouts).</summary>
    private byte[] To((string Name, string Method, string Path, bool Auth) route, byte[]? body) =>
        Request(route.Method, route.Path, body, route.Auth && !route.Name.StartsWith("logout", StringComparison.Ordinal) ? "Bearer " + token : null);

    private string NewEmail(string local) => $"{local}.{_run}.{Guid.NewGuid().ToString("N")[..6]}@example.com";
}
