using System.ComponentModel;
using System.Globalization;

namespace JustScale.Http.RateLimiting;

/// <summary>Reads a <see cref="FixedWindowLimit"/> from configuration text: <c>20/minute</c>, <c>30/hour</c>, <c>10/00:00:30</c>, or <c>off</c> (no limit, null).</summary>
/// <remarks>Used by the configuration binder (<c>JustScale:Auth:RateLimits:LoginPerIp=20/minute</c>). Not "0": a limit of 0 reads as
/// "allow none" and must not silently mean "no limit". A bare number after the slash ("5/10") is refused: it would read as days.</remarks>
internal sealed class FixedWindowLimitConverter : TypeConverter
{
    /// <inheritdoc />
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? Parse(text) : base.ConvertFrom(context, culture, value);

    /// <summary>Parses the text; null for <c>off</c>, <c>false</c> or <c>none</c>.</summary>
    /// <exception cref="FormatException">The text is neither a limit nor off; the message shows the accepted forms.</exception>
    public static FixedWindowLimit? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
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
                _ => unit.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(unit, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.FromMilliseconds(1) ? span : null,
            };
            if (window is { } w)
            {
                return new FixedWindowLimit(permits, w);
            }
        }

        throw new FormatException($"'{text}' is not a limit; write permits per window, such as 20/minute, 30/hour or 10/00:00:30, or off.");
    }

    /// <summary>Returns whether the text turns a limit off: <c>off</c>, <c>false</c> or <c>none</c>.</summary>
    public static bool IsOff(string text) => text.Trim().ToLowerInvariant() is "off" or "false" or "none";
}
