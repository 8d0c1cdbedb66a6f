using System.Text;

namespace JustScale.Reliability.Tests;

// Framing and paths: broken request lines and headers, lying lengths, odd methods, paths and queries.
internal sealed partial class BadInputCorpus
{
    /// <summary>Requests whose HTTP framing is broken: Kestrel refuses the malformed ones (no body, not customisable);
    /// a body that ends early or has broken chunks reaches JustScale and is answered 400 JSON.</summary>
    private IEnumerable<BadCase> Framing()
    {
        static BadCase Raw(string name, string text, int status) =>
            new("framing", "raw", name, RawHttp.Latin1(text), Expect.Protocol) { Status = status };

        yield return Raw("garbage request line", "GARBAGE\r\n\r\n", 400);
        yield return Raw("no HTTP version", "GET /feed\r\nHost: localhost\r\n\r\n", 400);
        yield return Raw("lower-case HTTP version", "GET /feed http/1.1\r\nHost: localhost\r\n\r\n", 505);
        yield return Raw("no Host header", "GET /feed HTTP/1.1\r\n\r\n", 400);
        yield return Raw("two Host headers", "GET /feed HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
        yield return Raw("header without a colon", "GET /feed HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\n\r\n", 400);
        yield return Raw("space before the colon", "GET /feed HTTP/1.1\r\nHost: localhost\r\nX-Bad : 1\r\n\r\n", 400);
        yield return Raw("obsolete line folding", "GET /feed HTTP/1.1\r\nHost: localhost\r\nX-Folded: a\r\n b\r\n\r\n", 400);
        yield return Raw("NUL in the path", "GET /fe\0ed HTTP/1.1\r\nHost: localhost\r\n\r\n", 400);
        yield return Raw("Content-Length not a number", "POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n{}", 400);
        yield return Raw("negative Content-Length", "POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n{}", 400);
        yield return Raw("two different Content-Lengths", "POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{} ", 400);
        yield return Raw("unknown transfer coding", "POST /auth/login HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\n\r\n{}", 400);
        yield return Raw("100 KB header", "GET /feed HTTP/1.1\r\nHost: localhost\r\nX-Big: " + new string('a', 100 * 1024) + "\r\n\r\n", 431);
        yield return Raw("1,000 headers (about 40 KB)", "GET /feed HTTP/1.1\r\nHost: localhost\r\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"X-H{i}: {new string('v', 30)}\r\n")) + "\r\n", 431);
        yield return Raw("100 KB cookie", "GET /profile HTTP/1.1\r\nHost: localhost\r\nCookie: s=" + new string('c', 100 * 1024) + "\r\n\r\n", 431);
        yield return Raw("100 KB path", "GET /" + new string('p', 100 * 1024) + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 414);
        yield return Raw("non-ASCII byte in a header", "GET /profile HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \u00ff\u00fe\r\n\r\n", 400);

        // Kestrel closes the connection without a word when an HTTP/2 client talks to an HTTP/1.1 endpoint.
        yield return Raw("HTTP/2 preface over HTTP/1.1", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 0);
        yield return Raw("unknown HTTP version", "GET /feed HTTP/9.9\r\nHost: localhost\r\n\r\n", 505);

        // Accepted by Kestrel: line feeds alone end lines, and CONNECT with a path is routed (to nothing).
        yield return new BadCase("framing", "feed", "bare LF line endings", RawHttp.Latin1("GET /feed HTTP/1.1\nHost: localhost\n\n"), Expect.Accepted) { Status = 200, Verify = PublicFeed };
        yield return new BadCase("framing", "profile", "CONNECT to a path", RawHttp.Latin1("CONNECT /profile HTTP/1.1\r\nHost: localhost\r\n\r\n"), Expect.ClientError) { Status = 404, Error = "Not Found" };

        // Bodies that stop early or are framed wrongly reach JustScale while it reads them: a 4xx JSON, connection closed.
        // A client that stalls is cut off by Kestrel's minimum body data rate (240 bytes/s after a 5 s grace): 408.
        var shortBody = Request("POST", "/auth/login", null, null, ("Content-Length", "100"), ("Content-Type", "application/json")).Concat("{\"email\":"u8.ToArray()).ToArray();
        yield return new BadCase("framing", "login", "body shorter than Content-Length, client waits", shortBody, Expect.ClientError) { Status = 408 };

        // Kestrel has no half-closed connections: a client that shuts its side mid-body is gone, nothing is answered.
        yield return new BadCase("framing", "login", "body shorter than Content-Length, client shuts its side", shortBody, Expect.Protocol) { Status = 0, CloseAfterWrite = true };
        yield return new BadCase("framing", "login", "invalid chunk size",
            Request("POST", "/auth/login", Encoding.ASCII.GetBytes("zz\r\n{}\r\n0\r\n\r\n"), null, ("Transfer-Encoding", "chunked")), Expect.ClientError) { Status = 400 };
        yield return new BadCase("framing", "login", "chunk size overflows 64 bits",
            Request("POST", "/auth/login", Encoding.ASCII.GetBytes("ffffffffffffffffff\r\n{}\r\n0\r\n\r\n"), null, ("Transfer-Encoding", "chunked")), Expect.ClientError) { Status = 400, Error = "Bad Request" };
        yield return new BadCase("framing", "login", "chunk longer than announced",
            Request("POST", "/auth/login", Encoding.ASCII.GetBytes("2\r\n{}}}}\r\n0\r\n\r\n"), null, ("Transfer-Encoding", "chunked")), Expect.ClientError) { Status = 400 };
        yield return new BadCase("framing", "login", "chunked body cut short, client waits",
            Request("POST", "/auth/login", Encoding.ASCII.GetBytes("10\r\n{\"em"), null, ("Transfer-Encoding", "chunked")), Expect.ClientError) { Status = 408 };
        yield return new BadCase("framing", "register", "Content-Length and chunked together (chunked wins)",
            Request("POST", "/auth/register", Encoding.ASCII.GetBytes("2\r\n{}\r\n0\r\n\r\n"), null, ("Content-Length", "5"), ("Transfer-Encoding", "chunked")), Expect.ClientError) { Status = 400 };
        yield return new BadCase("framing", "login", "Expect: 100-continue",
            Request("POST", "/auth/login", Json(new { email = "nobody@example.com", password = "p" }), null, ("Expect", "100-continue")), Expect.ClientError) { Status = 401 };
        yield return new BadCase("framing", "login", "gzip Content-Encoding (not decoded: not JSON)",
            Request("POST", "/auth/login", [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xab, 0xae, 0x05, 0x00], null, ("Content-Encoding", "gzip")), Expect.ClientError) { Status = 400, Error = InvalidJson };

        // Only JSON media types are read: what an HTML form can post cross-site without a preflight is refused unread (415).
        yield return new BadCase("framing", "login", "text/plain JSON",
            Request("POST", "/auth/login", Json(new { email = "nobody@example.com", password = "p" }), null, ("Content-Type", "text/plain")), Expect.ClientError) { Status = 415, Error = UnsupportedMediaType };
        yield return new BadCase("framing", "login", "urlencoded JSON",
            Request("POST", "/auth/login", Json(new { email = "nobody@example.com", password = "p" }), null, ("Content-Type", "application/x-www-form-urlencoded")), Expect.ClientError) { Status = 415, Error = UnsupportedMediaType };
        yield return new BadCase("framing", "register", "JSON without a Content-Type",
            RawHttp.Build("POST", "/auth/register", [], Json(new { email = NewEmail("untyped"), password = ApiClient.Password })), Expect.ClientError) { Status = 415, Error = UnsupportedMediaType };
        yield return new BadCase("framing", "login", "multipart form",
            Request("POST", "/auth/login", Utf8("--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@b.c\r\n--b--\r\n"), null, ("Content-Type", "multipart/form-data; boundary=b")), Expect.ClientError) { Status = 415, Error = UnsupportedMediaType };
    }

    /// <summary>Odd methods, paths and queries on every route: 404 JSON where nothing matches, the route's own 4xx where one does.</summary>
    private IEnumerable<BadCase> Paths()
    {
        foreach (var route in Routes)
        {
            foreach (var method in new[] { "DELETE", "PUT", "OPTIONS", "BREW" })
            {
                yield return new BadCase("method", route.Name, method, Request(method, route.Path), Expect.ClientError) { Status = 404, Error = "Not Found" };
            }

            // ASP.NET Core routing matches methods case-insensitively: "get" is served as GET.
            yield return route.Name switch
            {
                "feed" => new BadCase("method", route.Name, "get", Request("get", route.Path), Expect.Accepted) { Status = 200, Verify = PublicFeed },
                "profile" or "admin" => new BadCase("method", route.Name, "get", Request("get", route.Path), Expect.ClientError) { Status = 401, Error = Missing },
                _ => new BadCase("method", route.Name, "get", Request("get", route.Path), Expect.ClientError) { Status = 404, Error = "Not Found" },
            };

            yield return new BadCase("path", route.Name, "query with the token", Request(route.Method, route.Path + "?token=" + token + "&access_token=" + token), route.Name switch
            {
                "register" or "login" => Expect.ClientError,
                "feed" => Expect.Accepted,
                _ => Expect.ClientError,
            })
            {
                Status = route.Name switch { "register" or "login" => 400, "feed" => 200, _ => 401 },
                Verify = route.Name == "feed" ? PublicFeed : null,
            };
            yield return new BadCase("path", route.Name, "broken percent-encoding in the query", Request(route.Method, route.Path + "?a=%zz&%%%=&&=="), route.Name switch
            {
                "feed" => Expect.Accepted,
                _ => Expect.ClientError,
            })
            {
                Status = route.Name switch { "register" or "login" => 400, "feed" => 200, _ => 401 },
                Verify = route.Name == "feed" ? PublicFeed : null,
            };
            yield return new BadCase("path", route.Name, "extra path segment", Request(route.Method, route.Path + "/extra"), Expect.ClientError) { Status = 404, Error = "Not Found" };
        }

        var patch = Routes[8];
        foreach (var (name, id) in new[]
        {
            ("another user's id", Guid.NewGuid().ToString()),
            ("not a UUID", "not-a-uuid"),
            ("SQL injection", Uri.EscapeDataString("' OR '1'='1")),
            ("upper-case own id", userId.ToString().ToUpperInvariant()),
            ("own id with braces", "%7B" + userId + "%7D"),
        })
        {
            yield return new BadCase("path", patch.Name, name, Request("PATCH", "/users/" + id, null, "Bearer " + token), Expect.ClientError) { Status = 403, Error = "Forbidden" };
        }

        yield return new BadCase("path", patch.Name, "percent-encoded NUL (refused by Kestrel)", Request("PATCH", "/users/%00", null, "Bearer " + token), Expect.Protocol) { Status = 400 };
        yield return new BadCase("path", patch.Name, "dot segments (normalised to /)", Request("PATCH", "/users/..", null, "Bearer " + token), Expect.ClientError) { Status = 404, Error = "Not Found" };
        yield return new BadCase("path", patch.Name, "dot segments to another route", Request("PATCH", $"/users/{userId}/../../admin", null, "Bearer " + token), Expect.ClientError) { Status = 404 };
        yield return new BadCase("path", "raw", "unknown path", Request("GET", "/nope"), Expect.ClientError) { Status = 404, Error = "Not Found" };
        yield return new BadCase("path", "raw", "path traversal", Request("GET", "/../../etc/passwd"), Expect.ClientError) { Status = 404, Error = "Not Found" };
        yield return new BadCase("path", "raw", "encoded traversal", Request("GET", "/%2e%2e/%2e%2e/etc/passwd"), Expect.ClientError) { Status = 404, Error = "Not Found" };
    }
}
