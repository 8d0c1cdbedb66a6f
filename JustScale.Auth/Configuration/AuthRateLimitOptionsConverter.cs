using System.ComponentModel;
using System.Globalization;

namespace JustScale.Auth;

/// <summary>Reads the whole <c>JustScale:Auth:RateLimits</c> value: <c>off</c> (or <c>false</c>, <c>none</c>) turns every auth limit off.</summary>
/// <remarks>The section's keys (<c>LoginPerIp</c>, ...) are bound one by one by the configuration binder; this converter only runs
/// when the section itself has a value.</remarks>
internal sealed class AuthRateLimitOptionsConverter : TypeConverter
{
    /// <inheritdoc />
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) => value switch
    {
        string text when text.Trim().ToLowerInvariant() is "off" or "false" or "none" => AuthRateLimitOptions.Off(),
        string text => throw new FormatException(
            $"'{text}' is not a setting of RateLimits; it takes 'off' or the keys LoginPerIp, LoginPerEmail, RegisterPerIp, RegisterPerEmail, PasswordForgotPerIp, PasswordForgotPerEmail, AccountPerIp, SensitivePerUser, VerificationPerUser, TwoFactorPerIp, TwoFactorFailuresPerUser."),
        _ => base.ConvertFrom(context, culture, value),
    };
}
