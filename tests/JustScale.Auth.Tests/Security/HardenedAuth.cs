using JustScale.Http;

namespace JustScale.Auth.Tests.Security;

/// <summary>The AuthFeature of docs/security.md: every best-practice option changed from its default, quoted there and tested here.</summary>
public static class HardenedAuth
{
    /// <summary>Creates the feature with shorter sessions, a background sweep, stricter login limits and cookie sessions.</summary>
    public static AuthFeature Feature() => new(options =>
    {
        options.SessionTtl = TimeSpan.FromHours(12);                                  // shorter sessions for a sensitive app
        options.SweepInterval = TimeSpan.FromMinutes(10);                             // delete expired sessions in the background
        options.RateLimits.LoginPerIp = FixedWindowLimit.PerMinute(10);
        options.RateLimits.LoginPerEmail = new FixedWindowLimit(10, TimeSpan.FromMinutes(15));
        options.Cookie = new SessionCookieOptions
        {
            TrustedOrigins = ["https://app.example.com"],                             // a front end served from another host
        };
    });
}
