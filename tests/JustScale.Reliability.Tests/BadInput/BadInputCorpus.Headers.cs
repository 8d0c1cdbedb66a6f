using System.Text.Json;

namespace JustScale.Reliability.Tests;

// Authorization headers: every odd form on every route; none of them carries a usable token.
internal sealed partial class BadInputCorpus
{
    private const string Missing = "Missing Authorization header";
    private const string NotBearer = "Expected Bearer token";
    private const string Invalid = "Invalid or expired session";

    /// <summary>Odd Authorization values on every route: 401 with the original messages where a session is required,
    /// the public feed on the optional-auth route, and the body's 400 on register and login (which ignore the header).</summary>
    private IEnumerable<BadCase> AuthorizationHeaders()
    {
        var values = new List<(string Name, string Value, string Error)>
        {
            ("empty", "", Missing),
            ("scheme only", "Bearer", NotBearer),
            ("scheme and a space", "Bearer ", NotBearer),
            ("lower-case scheme", "bearer " + token, NotBearer),
            ("upper-case scheme", "BEARER " + token, NotBearer),
            ("Basic credentials", "Basic dXNlcjpwYXNzd29yZA==", NotBearer),
            ("Token scheme", "Token " + token, NotBearer),
            ("tab after the scheme", "Bearer\t" + token, NotBearer),
            ("token without scheme", token, NotBearer),
            ("two spaces", "Bearer  " + token, Invalid),
            ("one character more", "Bearer " + token + "0", Invalid),
            ("one character less", "Bearer " + token[..63], Invalid),
            ("upper-case token", "Bearer " + token.ToUpperInvariant(), Invalid),
            ("all zeros", "Bearer " + new string('0', 64), Invalid),
            ("the stored digest instead of the token", "Bearer " + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), Invalid),
            ("SQL injection", "Bearer ' OR '1'='1' --", Invalid),
            ("SQL injection, 64 characters", "Bearer " + "'OR''='".PadRight(64, 'a'), Invalid),
            ("HTML", "Bearer <script>alert(1)</script>", Invalid),
            ("null", "Bearer null", Invalid),
            ("percent-encoded NUL", "Bearer %00" + token[3..], Invalid),
            ("8 KB token", "Bearer " + new string('a', 8192), Invalid),
            ("two tokens", "Bearer " + token + ", Bearer " + token, Invalid),
        };

        foreach (var route in Routes)
        {
            foreach (var (name, value, error) in values)
            {
                var request = Request(route.Method, route.Path, null, value);
                yield return route.Name switch
                {
                    "register" or "login" => new BadCase("Authorization", route.Name, name, request, Expect.ClientError) { Status = 400 },
                    "feed" => new BadCase("Authorization", route.Name, name, request, Expect.Accepted) { Status = 200, Verify = PublicFeed },
                    _ => new BadCase("Authorization", route.Name, name, request, Expect.ClientError) { Status = 401, Error = error },
                };
            }

            // Two Authorization headers: Kestrel joins them with a comma, which is no token.
            var twice = RawHttp.Build(route.Method, route.Path, [("Authorization", "Bearer " + token), ("Authorization", "Bearer " + token)]);
            yield return route.Name switch
            {
                "register" or "login" => new BadCase("Authorization", route.Name, "header twice", twice, Expect.ClientError) { Status = 400 },
                "feed" => new BadCase("Authorization", route.Name, "header twice", twice, Expect.Accepted) { Status = 200, Verify = PublicFeed },
                _ => new BadCase("Authorization", route.Name, "header twice", twice, Expect.ClientError) { Status = 401, Error = Invalid },
            };

            // Bytes Kestrel refuses in a header before any route runs.
            yield return new BadCase("Authorization", route.Name, "NUL byte in the value",
                RawHttp.Build(route.Method, route.Path, [("Authorization", "Bearer " + token[..10] + "\0" + token[11..])]), Expect.Protocol) { Status = 400 };
            yield return new BadCase("Authorization", route.Name, "40 KB value",
                RawHttp.Build(route.Method, route.Path, [("Authorization", "Bearer " + new string('a', 40 * 1024))]), Expect.Protocol) { Status = 431 };
        }
    }

    private static Task PublicFeed(RawResponse response)
    {
        using var json = JsonDocument.Parse(response.Body);
        Assert.That(json.RootElement.GetProperty("feed")[0].GetString(), Is.EqualTo("Welcome to JustScale"), "a bad token got the personal feed");
        return Task.CompletedTask;
    }
}
