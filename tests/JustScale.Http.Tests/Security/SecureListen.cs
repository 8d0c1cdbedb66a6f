namespace JustScale.Http.Tests.Security;

/// <summary>The HTTPS listen options and the custom rate limit policy of docs/security.md, quoted there and tested here.</summary>
public static class SecureListen
{
    /// <summary>Gets a policy for a search route: 60 requests per minute per client IP.</summary>
    public static RateLimitPolicy SearchPolicy { get; } = new RateLimitPolicy("search")
        .Limit("ip", RateLimitKeys.ClientIp, FixedWindowLimit.PerMinute(60));

    /// <summary>Returns listen options that serve HTTPS from PEM files (HSTS, a year, is sent outside Development).</summary>
    public static ListenOptions Https(int port, string certificatePath, string privateKeyPath) => new()
    {
        Port = port,
        Https = HttpsOptions.FromPemFiles(certificatePath, privateKeyPath), // such as Let's Encrypt's fullchain.pem and privkey.pem
        ConfigureHsts = hsts => hsts.MaxAge = TimeSpan.FromDays(365), // JustScale's default; start shorter while trying HTTPS out
    };
}
