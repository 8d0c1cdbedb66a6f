using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Configures the ready rate limits of <see cref="AuthRateLimits.Login"/> and <see cref="AuthRateLimits.Register"/>.</summary>
/// <remarks>
/// Each route is limited per client IP (so one address cannot try many accounts) and per normalised email (so many
/// addresses cannot try one account). A limit set to null is off. There is no account lockout: a limited email is
/// answered 429 until its window ends, then the right password works again.
/// </remarks>
public sealed class AuthRateLimitOptions
{
    /// <summary>Gets or sets the login attempts one client IP may make; 20 per minute by default.</summary>
    public FixedWindowLimit? LoginPerIp { get; set; } = FixedWindowLimit.PerMinute(20);

    /// <summary>Gets or sets the login attempts one email may receive, from any IP; 5 per minute by default.</summary>
    public FixedWindowLimit? LoginPerEmail { get; set; } = FixedWindowLimit.PerMinute(5);

    /// <summary>Gets or sets the registrations one client IP may make; 30 per hour by default.</summary>
    public FixedWindowLimit? RegisterPerIp { get; set; } = FixedWindowLimit.PerHour(30);

    /// <summary>Gets or sets the registrations one email may receive, from any IP; 5 per minute by default.</summary>
    public FixedWindowLimit? RegisterPerEmail { get; set; } = FixedWindowLimit.PerMinute(5);

    /// <summary>Gets or sets the reset-link requests one client IP may make (<see cref="AuthRateLimits.PasswordForgot"/>); 20 per hour by default.</summary>
    public FixedWindowLimit? PasswordForgotPerIp { get; set; } = FixedWindowLimit.PerHour(20);

    /// <summary>Gets or sets the reset-link requests for one email (<see cref="AuthRateLimits.PasswordForgot"/>); 5 per hour by default, so nobody floods a mailbox.</summary>
    public FixedWindowLimit? PasswordForgotPerEmail { get; set; } = FixedWindowLimit.PerHour(5);

    /// <summary>Gets or sets the token, verification and password-change requests one client IP may make (<see cref="AuthRateLimits.Account"/>); 30 per minute by default.</summary>
    public FixedWindowLimit? AccountPerIp { get; set; } = FixedWindowLimit.PerMinute(30);

    /// <summary>Gets or sets the two-factor requests (setup, enable, disable, verify) one client IP may make (<see cref="AuthRateLimits.TwoFactor"/>); 30 per minute by default.</summary>
    public FixedWindowLimit? TwoFactorPerIp { get; set; } = FixedWindowLimit.PerMinute(30);

    /// <summary>Gets or sets the wrong two-factor codes one user may receive before every code is refused (429) until the window ends; 10 per 15 minutes by default.</summary>
    /// <remarks>Counted in the user's row, so it holds across instances. Only someone holding the password (a ticket) or a session can
    /// spend it: the lockout a stranger can cause is none.</remarks>
    public FixedWindowLimit? TwoFactorFailuresPerUser { get; set; } = new(10, TimeSpan.FromMinutes(15));

    /// <summary>Returns options with every limit off, for load tests and for apps that limit elsewhere (a gateway).</summary>
    public static AuthRateLimitOptions Off() => new()
    {
        LoginPerIp = null, LoginPerEmail = null, RegisterPerIp = null, RegisterPerEmail = null,
        PasswordForgotPerIp = null, PasswordForgotPerEmail = null, AccountPerIp = null,
        TwoFactorPerIp = null, TwoFactorFailuresPerUser = null,
    };
}
