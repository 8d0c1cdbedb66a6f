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
        [.. new[] { BrokenJson(), Sizes(), RegisterBodies(), LoginBodies(), MessageBodies(), AuthorizationHeaders(), Framing(), Paths() }.SelectMany(c => c).Select(WithBodyLimits)];

    /// <summary>The routes that take no body (logouts and GETs): any body is refused 413 "This route takes no request body",
    /// unread, before authentication (docs/security.md, round 3).</summary>
    private static readonly HashSet<string> Bodyless = ["logout", "logout-all", "profile", "feed", "admin"];

    /// <summary>Applies the body limits to the expectations: any body sent to a route that takes none is refused unread; a
    /// body over 8 KiB sent to register or login, or over the 64 KiB default to another route, is 413 before it is parsed
    /// (where a smaller one is answered by its content: an overlong value, JSON nested too deep); a body sent without the
    /// session a route requires is answered 401 before it is read.</summary>
    private static BadCase WithBodyLimits(BadCase bad)
    {
        var head = bad.Request.AsSpan().IndexOf("\r\n\r\n"u8);
        var body = head < 0 ? 0 : bad.Request.Length - head - 4;
        if (body == 0 || bad.Expected == Expect.Protocol)
        {
            return bad;
        }

        var bodies = bad.Group is "broken JSON" or "size";
        if (bodies && Bodyless.Contains(bad.Route))
        {
            return bad with { Expected = Expect.ClientError, Status = 413, Error = "This route takes no request body", Verify = null };
        }

        var authorized = bad.Request.AsSpan().IndexOf("\r\nAuthorization:"u8) is var at && at >= 0 && at < head;
        if (bodies && bad.Route is "messages" or "update-profile" && !authorized && bad.Expected == Expect.ClientError)
        {
            return bad with { Status = 401, Error = "Missing Authorization header" };
        }

        if (bad.Expected == Expect.ClientError && bad.Status != 413)
        {
            var limit = bad.Route is "register" or "login" ? AuthBodyLimit : DefaultBodyLimit;
            return body > limit ? bad with { Status = 413, Error = "Payload Too Large" } : bad;
        }

        return bad;
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
