using System.Globalization;
using JustScale.Core;
using JustScale.Http;
using Microsoft.Extensions.Configuration;

namespace JustScale.Auth;

/// <summary>Reads <see cref="AuthOptions"/> from configuration (appsettings.json, environment, command line), usually the section <c>JustScale:Auth</c>.</summary>
/// <remarks>
/// Keys (all optional; absent keys keep the defaults): <c>SessionTtl</c>, <c>TouchInterval</c>, <c>SweepInterval</c> (time spans
/// such as <c>7.00:00:00</c> or <c>00:05:00</c>), <c>RevokeExpiredBatchSize</c>; <c>Passwords:Cost</c>, <c>:BlockSize</c>,
/// <c>:Parallelism</c>, <c>:MinLength</c>, <c>:MaxConcurrentHashes</c>, <c>:MaxQueueWait</c>, <c>:OverloadRetryAfter</c>;
/// <c>RevokeSessionsOnPasswordChange</c>; <c>Tokens:VerifyEmailTtl</c>, <c>Tokens:ResetPasswordTtl</c>; <c>RateLimits</c>
/// (<c>off</c>) or <c>RateLimits:LoginPerIp</c>, <c>:LoginPerEmail</c>, <c>:RegisterPerIp</c>, <c>:RegisterPerEmail</c>,
/// <c>:PasswordForgotPerIp</c>, <c>:PasswordForgotPerEmail</c>, <c>:AccountPerIp</c>, <c>:SensitivePerUser</c>, <c>:VerificationPerUser</c>, <c>:TwoFactorPerIp</c>, <c>:TwoFactorFailuresPerUser</c>
/// (<c>20/minute</c>, <c>30/hour</c>, <c>10/00:00:30</c> or <c>off</c>); <c>Cookie:Enabled</c> (true turns the cookie transport
/// on, false off; the other cookie keys alone change nothing), <c>Cookie:Name</c>, <c>Cookie:Path</c>, <c>Cookie:TrustedOrigins</c> (an array);
/// <c>SessionCache:MaxAge</c> (a time span, <c>00:00:00</c> turns the cache off), <c>SessionCache:MaxEntries</c>.
/// </remarks>
public static class AuthConfiguration
{
    /// <summary>Applies the section's keys to the options and validates the result.</summary>
    /// <exception cref="JustScaleException">A value cannot be read or is out of range; the message names the key and what it expects.</exception>
    public static AuthOptions Bind(this AuthOptions options, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(section);
        var path = section is IConfigurationSection named ? named.Path : "configuration";
        try
        {
            options.SessionTtl = Read(section, "SessionTtl", options.SessionTtl);
            options.TouchInterval = Read(section, "TouchInterval", options.TouchInterval);
            options.SweepInterval = Read(section, "SweepInterval", options.SweepInterval);
            options.RevokeExpiredBatchSize = Read(section, "RevokeExpiredBatchSize", options.RevokeExpiredBatchSize);
            BindPasswords(options.Passwords, section.GetSection("Passwords"));
            options.RevokeSessionsOnPasswordChange = Read(section, "RevokeSessionsOnPasswordChange", options.RevokeSessionsOnPasswordChange);
            options.Tokens.VerifyEmailTtl = Read(section, "Tokens:VerifyEmailTtl", options.Tokens.VerifyEmailTtl);
            options.Tokens.ResetPasswordTtl = Read(section, "Tokens:ResetPasswordTtl", options.Tokens.ResetPasswordTtl);
            options.Tokens.MagicLinkTtl = Read(section, "Tokens:MagicLinkTtl", options.Tokens.MagicLinkTtl);
            BindRateLimits(options, section.GetSection("RateLimits"));
            BindCookie(options, section.GetSection("Cookie"));
            options.SessionCache.MaxAge = Read(section, "SessionCache:MaxAge", options.SessionCache.MaxAge);
            options.SessionCache.MaxEntries = Read(section, "SessionCache:MaxEntries", options.SessionCache.MaxEntries);
            if (section.GetSection("Admins").GetChildren().Select(admin => admin.Value).OfType<string>().ToList() is { Count: > 0 } admins)
            {
                options.Admins = [.. admins.Where(admin => admin.Trim().Length > 0).Select(admin => admin.Trim())];
            }

            options.Validate();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new JustScaleException($"Configuration section {path} is invalid: {ex.Message}", innerException: ex);
        }

        return options;
    }

    private static void BindPasswords(PasswordOptions passwords, IConfigurationSection section)
    {
        passwords.Cost = Read(section, "Cost", passwords.Cost);
        passwords.BlockSize = Read(section, "BlockSize", passwords.BlockSize);
        passwords.Parallelism = Read(section, "Parallelism", passwords.Parallelism);
        passwords.MinLength = Read(section, "MinLength", passwords.MinLength);
        passwords.RefuseCommonPasswords = Read(section, "RefuseCommonPasswords", passwords.RefuseCommonPasswords);
        passwords.MaxConcurrentHashes = Read(section, "MaxConcurrentHashes", passwords.MaxConcurrentHashes);
        passwords.MaxQueueWait = Read(section, "MaxQueueWait", passwords.MaxQueueWait);
        passwords.OverloadRetryAfter = Read(section, "OverloadRetryAfter", passwords.OverloadRetryAfter);
    }

    private static void BindRateLimits(AuthOptions options, IConfigurationSection section)
    {
        if (section.Value is { } whole)
        {
            options.RateLimits = IsOff(whole)
                ? AuthRateLimitOptions.Off()
                : throw new FormatException($"{section.Path} is '{whole}'; it takes 'off' or the keys LoginPerIp, LoginPerEmail, RegisterPerIp, RegisterPerEmail, PasswordForgotPerIp, PasswordForgotPerEmail, AccountPerIp, SensitivePerUser, VerificationPerUser, TwoFactorPerIp, TwoFactorFailuresPerUser.");
            return;
        }

        var limits = options.RateLimits;
        limits.LoginPerIp = Limit(section, "LoginPerIp", limits.LoginPerIp);
        limits.LoginPerEmail = Limit(section, "LoginPerEmail", limits.LoginPerEmail);
        limits.RegisterPerIp = Limit(section, "RegisterPerIp", limits.RegisterPerIp);
        limits.RegisterPerEmail = Limit(section, "RegisterPerEmail", limits.RegisterPerEmail);
        limits.PasswordForgotPerIp = Limit(section, "PasswordForgotPerIp", limits.PasswordForgotPerIp);
        limits.PasswordForgotPerEmail = Limit(section, "PasswordForgotPerEmail", limits.PasswordForgotPerEmail);
        limits.AccountPerIp = Limit(section, "AccountPerIp", limits.AccountPerIp);
        limits.SensitivePerUser = Limit(section, "SensitivePerUser", limits.SensitivePerUser);
        limits.VerificationPerUser = Limit(section, "VerificationPerUser", limits.VerificationPerUser);
        limits.TwoFactorPerIp = Limit(section, "TwoFactorPerIp", limits.TwoFactorPerIp);
        limits.TwoFactorFailuresPerUser = Limit(section, "TwoFactorFailuresPerUser", limits.TwoFactorFailuresPerUser);
    }

    private static void BindCookie(AuthOptions options, IConfigurationSection section)
    {
        if (!section.GetChildren().Any())
        {
            return;
        }

        // Opt-in means opt-in: naming the cookie does not turn the transport on, Enabled=true does.
        var enabled = Read<bool?>(section, "Enabled", null);
        if (enabled is false)
        {
            options.Cookie = null;
            return;
        }

        if (enabled is null && options.Cookie is null)
        {
            return;
        }

        var cookie = options.Cookie ?? new SessionCookieOptions();
        cookie.Name = section["Name"] ?? cookie.Name;
        cookie.Path = section["Path"] ?? cookie.Path;
        var origins = section.GetSection("TrustedOrigins").GetChildren().Select(c => c.Value).OfType<string>().ToList();
        if (origins.Count > 0)
        {
            cookie.TrustedOrigins = origins;
        }

        options.Cookie = cookie;
    }

    private static FixedWindowLimit? Limit(IConfigurationSection section, string key, FixedWindowLimit? fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (IsOff(text))
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && int.TryParse(text.AsSpan(0, slash).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var permits) && permits > 0)
        {
            var unit = text[(slash + 1)..].Trim().ToLowerInvariant();
            TimeSpan? window = unit switch
            {
                "second" or "s" => TimeSpan.FromSeconds(1),
                "minute" or "min" => TimeSpan.FromMinutes(1),
                "hour" or "h" => TimeSpan.FromHours(1),
                "day" or "d" => TimeSpan.FromDays(1),
                // hh:mm:ss only: a bare number ("5/10") would be read as days.
                _ => unit.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(unit, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span : null,
            };
            if (window is { } w)
            {
                return new FixedWindowLimit(permits, w);
            }
        }

        throw new FormatException($"{section.Path}:{key} is '{text}'; write permits per window, such as 20/minute, 30/hour or 10/00:00:30, or off.");
    }

    private static T Read<T>(IConfiguration section, string key, T fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return section.GetValue<T>(key) ?? fallback;
    }

    // Not "0": a limit of 0 reads as "allow none", and must not silently mean "no limit".
    private static bool IsOff(string text) => text.Trim().ToLowerInvariant() is "off" or "false" or "none";
}
