using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Configures the ready rate limits of <see cref="AuthRateLimits.Login"/> and <see cref="AuthRateLimits.Register"/>.</summary>
/// <remarks>
/// Each route is limited per client IP (so one address cannot try many accounts) and per normalised email (so many
/// addresses cannot try one account). A limit set to null is off. There is no account lockout: a limited email is
/// answered 429 until its window ends, then the right password works again.
/// </remarks>
[System.ComponentModel.TypeConverter(typeof(AuthRateLimitOptionsConverter))]
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

    /// <summary>Gets or sets how often one account may use the routes that change its security (password change, two-factor on and
    /// off, new recovery codes), whatever the client's address; 10 per 15 minutes by default.</summary>
    /// <remarks>Guessing the current password from many addresses meets this limit (issue 25: 3 addresses × 30 wrong passwords
    /// passed the per-IP limit). The per-IP limit of these routes is <see cref="AccountPerIp"/>.</remarks>
    public FixedWindowLimit? SensitivePerUser { get; set; } = new(10, TimeSpan.FromMinutes(15));

    /// <summary>Gets or sets how many verification mails one account may ask for, whatever the client's address; 3 per hour by default.</summary>
    /// <remarks>A session (stolen, or the attacker's own account with the victim's address) cannot turn the route into a mail
    /// cannon: the original sends at most 3 resends too.</remarks>
    public FixedWindowLimit? VerificationPerUser { get; set; } = FixedWindowLimit.PerHour(3);

    /// <summary>Gets or sets the wrong two-factor codes in a row one user may receive before each further code waits a back-off (the
    /// window, doubling per failure, at most a day); 10 and 15 minutes by default. Null turns the per-user lockout off.</summary>
    /// <remarks>Counted in the user's row by one atomic statement, so it holds across instances and under any concurrency; kept by
    /// <see cref="Off"/>, because it is the account's lockout, not a rate limit. Only someone holding the password (a ticket) or a
    /// session can spend it: the lockout a stranger can cause is none. See <see cref="TwoFactorOptions.MaxConsecutiveFailures"/>.</remarks>
    public FixedWindowLimit? TwoFactorFailuresPerUser { get; set; } = new(10, TimeSpan.FromMinutes(15));

    /// <summary>Returns options with every rate limit off, for load tests and for apps that limit elsewhere (a gateway).</summary>
    /// <remarks>The per-user two-factor lockout (<see cref="TwoFactorFailuresPerUser"/>) stays on: a gateway cannot count per account.</remarks>
    public static AuthRateLimitOptions Off() => new()
    {
        LoginPerIp = null, LoginPerEmail = null, RegisterPerIp = null, RegisterPerEmail = null,
        PasswordForgotPerIp = null, PasswordForgotPerEmail = null, AccountPerIp = null,
        SensitivePerUser = null, VerificationPerUser = null,
        TwoFactorPerIp = null,
    };
}
