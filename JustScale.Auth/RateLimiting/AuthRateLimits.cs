using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Names the rate limit policies <see cref="AuthFeature"/> adds, for <c>Post("/login").RateLimit(AuthRateLimits.Login)</c>.</summary>
/// <remarks>
/// Both policies limit per client IP, then per normalised email read from the JSON body's <c>email</c> member
/// (<see cref="UserService.NormalizeEmail"/>). Limits come from <see cref="AuthOptions.RateLimits"/>. Over a limit the
/// route answers 429 <c>{"error":"Too Many Requests"}</c> with Retry-After, before any password is hashed, and counts the
/// refusal in <c>justscale.auth.rate_limited</c>, tagged with the policy's name.
/// </remarks>
public static class AuthRateLimits
{
    /// <summary>Names the login policy: <see cref="AuthRateLimitOptions.LoginPerIp"/> and <see cref="AuthRateLimitOptions.LoginPerEmail"/>.</summary>
    public const string Login = "auth.login";

    /// <summary>Names the registration policy: <see cref="AuthRateLimitOptions.RegisterPerIp"/> and <see cref="AuthRateLimitOptions.RegisterPerEmail"/>.</summary>
    public const string Register = "auth.register";

    /// <summary>Names the policy of <c>password/forgot</c>: per client IP and per email (<see cref="AuthRateLimitOptions.PasswordForgotPerIp"/>, <see cref="AuthRateLimitOptions.PasswordForgotPerEmail"/>).</summary>
    public const string PasswordForgot = "auth.password_forgot";

    /// <summary>Names the policy of the other token and password routes of <see cref="AuthEndpointsFeature"/>: per client IP (<see cref="AuthRateLimitOptions.AccountPerIp"/>).</summary>
    public const string Account = "auth.account";

    /// <summary>Names the policy of the two-factor routes of <see cref="AuthEndpointsFeature"/>: per client IP (<see cref="AuthRateLimitOptions.TwoFactorPerIp"/>).</summary>
    /// <remarks>Wrong codes are also limited per user, by <see cref="TwoFactorService"/> (<see cref="AuthRateLimitOptions.TwoFactorFailuresPerUser"/>).</remarks>
    public const string TwoFactor = "auth.two_factor";

    /// <summary>Names the policy of the routes that change an account's security (password change, two-factor on and off, new
    /// recovery codes): per client IP (<see cref="AuthRateLimitOptions.AccountPerIp"/>) and per signed-in user
    /// (<see cref="AuthRateLimitOptions.SensitivePerUser"/>); put it after <c>.Use(Auth)</c>.</summary>
    public const string Sensitive = "auth.sensitive";

    /// <summary>Names the policy of <c>email/verification</c>: per client IP (<see cref="AuthRateLimitOptions.AccountPerIp"/>) and
    /// per signed-in user (<see cref="AuthRateLimitOptions.VerificationPerUser"/>); put it after <c>.Use(Auth)</c>.</summary>
    public const string Verification = "auth.verification";

    private const int MaxKeyLength = 254;

    /// <summary>Returns the signed-in user's id as a rate limit partition; null before <c>.Use(Auth)</c>.</summary>
    public static string? UserId(IRequestContext context) =>
        context is IAuthenticated authenticated ? authenticated.User.Id.ToString("N") : null;

    /// <summary>Returns the body's email, normalised, as a rate limit partition; null when the body has no email string.</summary>
    /// <remarks>An email longer than any real one (254 characters) counts as its SHA-256, so a limiter never holds a huge key.</remarks>
    public static string? Email(IRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        JsonElement email;
        try
        {
            email = context.Body<EmailBody>().Email;
        }
        catch (BodyValidationException)
        {
            return null; // the handler answers the malformed body
        }

        string? text;
        try
        {
            text = email.ValueKind == JsonValueKind.String ? email.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            return null; // an escaped lone surrogate ("\ud800") cannot be read as a string: the handler answers the body
        }

        if (text is null)
        {
            return null;
        }

        var normalized = UserService.NormalizeEmail(text);
        return normalized.Length <= MaxKeyLength
            ? normalized
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }

    /// <summary>Builds the policies from the options.</summary>
    internal static RateLimitPolicy[] Policies(AuthRateLimitOptions options) =>
    [
        Policy(Login, options.LoginPerIp, ("email", Email, options.LoginPerEmail)),
        Policy(Register, options.RegisterPerIp, ("email", Email, options.RegisterPerEmail)),
        Policy(PasswordForgot, options.PasswordForgotPerIp, ("email", Email, options.PasswordForgotPerEmail)),
        Policy(Account, options.AccountPerIp),
        Policy(TwoFactor, options.TwoFactorPerIp),
        Policy(Sensitive, options.AccountPerIp, ("user", UserId, options.SensitivePerUser)),
        Policy(Verification, options.AccountPerIp, ("user", UserId, options.VerificationPerUser)),
    ];

    // A limit per client IP, then one per a second partition (the body's email, or the signed-in user); null limits are off.
    private static RateLimitPolicy Policy(
        string name, FixedWindowLimit? perIp, (string Name, Func<IRequestContext, string?> Key, FixedWindowLimit? Limit)? partition = null)
    {
        var policy = new RateLimitPolicy(name).OnRejected(context => (context.Services.GetService(typeof(AuthMetrics)) as AuthMetrics)?.RequestRateLimited(name));
        if (perIp is not null)
        {
            policy.Limit("ip", RateLimitKeys.ClientIp, perIp);
        }

        if (partition is { Limit: { } limit } second)
        {
            policy.Limit(second.Name, second.Key, limit);
        }

        return policy;
    }

    /// <summary>Binds only the email of a login or registration body; other members are ignored.</summary>
    internal sealed class EmailBody
    {
        /// <summary>Gets the email member as sent (a string, or anything else).</summary>
        public JsonElement Email { get; init; }
    }
}
