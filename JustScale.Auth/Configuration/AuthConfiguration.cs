using JustScale.Core;
using Microsoft.Extensions.Configuration;

namespace JustScale.Auth;

/// <summary>Reads <see cref="AuthOptions"/> from configuration (appsettings.json, environment, command line), usually the section <c>JustScale:Auth</c>.</summary>
/// <remarks>
/// The configuration binder does the work (<see cref="ConfigurationBinder"/>); every property of <see cref="AuthOptions"/> is a key.
/// Keys (all optional; absent keys keep the defaults): <c>SessionTtl</c>, <c>TouchInterval</c>, <c>SweepInterval</c> (time spans
/// such as <c>7.00:00:00</c> or <c>00:05:00</c>), <c>RevokeExpiredBatchSize</c>; <c>Passwords:Cost</c>, <c>:BlockSize</c>,
/// <c>:Parallelism</c>, <c>:MinLength</c>, <c>:RefuseCommonPasswords</c>, <c>:MaxConcurrentHashes</c>, <c>:MaxQueueWait</c>, <c>:OverloadRetryAfter</c>;
/// <c>RevokeSessionsOnPasswordChange</c>; <c>Tokens:VerifyEmailTtl</c>, <c>Tokens:ResetPasswordTtl</c>, <c>Tokens:MagicLinkTtl</c>; <c>RateLimits</c>
/// (<c>off</c>) or <c>RateLimits:LoginPerIp</c>, <c>:LoginPerEmail</c>, <c>:RegisterPerIp</c>, <c>:RegisterPerEmail</c>,
/// <c>:PasswordForgotPerIp</c>, <c>:PasswordForgotPerEmail</c>, <c>:AccountPerIp</c>, <c>:SensitivePerUser</c>, <c>:VerificationPerUser</c>, <c>:TwoFactorPerIp</c>, <c>:TwoFactorFailuresPerUser</c>
/// (<c>20/minute</c>, <c>30/hour</c>, <c>10/00:00:30</c> or <c>off</c>); <c>Cookie:Enabled</c> (true turns the cookie transport
/// on, false off; the other cookie keys alone change nothing), <c>Cookie:Name</c>, <c>Cookie:Path</c>, <c>Cookie:SameSite</c>
/// (<c>Lax</c>, <c>Strict</c>, <c>None</c>), <c>Cookie:TrustedOrigins</c> (an array);
/// <c>SessionCache:MaxAge</c> (a time span, <c>00:00:00</c> turns the cache off), <c>SessionCache:MaxEntries</c>; <c>Admins</c> (an array of emails).
/// Lists given in configuration replace the ones in the options rather than adding to them.
/// </remarks>
public static class AuthConfiguration
{
    /// <summary>Gets the section <see cref="AuthFeature"/> reads from the host's configuration: <c>JustScale:Auth</c>.</summary>
    public const string Section = "JustScale:Auth";

    /// <summary>Applies the section's keys to the options and validates the result.</summary>
    /// <exception cref="JustScaleException">A value cannot be read or is out of range; the message names the key and what it expects.</exception>
    public static AuthOptions Bind(this AuthOptions options, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(section);
        Apply(options, section, then: null);
        return options;
    }

    /// <summary>Binds the section, runs <paramref name="then"/> (explicit code, which wins) and validates, naming the section in any error.</summary>
    internal static void Apply(AuthOptions options, IConfiguration section, Action<AuthOptions>? then)
    {
        var path = section is IConfigurationSection named ? named.Path : "configuration";
        try
        {
            BindCore(options, WithoutBlanks(section));
            then?.Invoke(options);
            options.Validate();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            // The binder's message names the key ("...value '5/fortnight' at 'JustScale:Auth:RateLimits:LoginPerIp'..."); its inner one says what it expects.
            var detail = ex.InnerException is { } inner && inner.Message != ex.Message ? $"{ex.Message} {inner.Message}" : ex.Message;
            throw new JustScaleException($"Configuration section {path} is invalid: {detail}", innerException: ex);
        }
    }

    // A blank value (JustScale__Auth__SweepInterval= in a compose file) keeps the default, as an absent key does; the binder
    // would refuse it for a time span. The copy keeps the keys' full paths, so the binder's errors still name them.
    private static IConfiguration WithoutBlanks(IConfiguration section)
    {
        var values = section.AsEnumerable().ToList();
        if (!values.Exists(pair => pair.Value is not null && string.IsNullOrWhiteSpace(pair.Value)))
        {
            return section;
        }

        var kept = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Where(pair => !string.IsNullOrWhiteSpace(pair.Value)))
            .Build();
        return section is IConfigurationSection named ? kept.GetSection(named.Path) : kept;
    }

    private static void BindCore(AuthOptions options, IConfiguration section)
    {
        // The binder adds to lists it finds filled and fills in a cookie it finds null: keep both aside, decide below.
        var admins = options.Admins;
        var cookie = options.Cookie;
        options.Admins = [];
        options.Cookie = null;
        section.Bind(options);
        options.Admins = options.Admins.Count > 0
            ? [.. options.Admins.Select(admin => admin.Trim()).Where(admin => admin.Length > 0)]
            : admins;
        options.Cookie = BindCookie(cookie, section.GetSection("Cookie"));
    }

    private static SessionCookieOptions? BindCookie(SessionCookieOptions? cookie, IConfigurationSection section)
    {
        if (!section.GetChildren().Any())
        {
            return cookie;
        }

        // Opt-in means opt-in: naming the cookie does not turn the transport on, Enabled=true does.
        var enabled = section.GetValue<bool?>("Enabled");
        if (enabled is false || (enabled is null && cookie is null))
        {
            return enabled is false ? null : cookie;
        }

        var bound = cookie ?? new SessionCookieOptions();
        var origins = bound.TrustedOrigins;
        bound.TrustedOrigins = [];
        section.Bind(bound);
        if (bound.TrustedOrigins.Count == 0)
        {
            bound.TrustedOrigins = origins;
        }

        return bound;
    }
}
