using System.Globalization;

namespace JustScale.Http;

/// <summary>Configures the Strict-Transport-Security header, which tells browsers to use only HTTPS for this host from now on.</summary>
/// <remarks>
/// Sent only on responses to HTTPS requests (browsers ignore it over plain HTTP), including requests that a trusted
/// proxy (<see cref="ListenOptions.TrustedProxies"/>) forwarded with <c>X-Forwarded-Proto: https</c>. Start with a
/// short <see cref="MaxAge"/> and raise it once HTTPS works everywhere: browsers remember the header for that long.
/// </remarks>
public sealed class HstsOptions
{
    /// <summary>Gets how long browsers keep using HTTPS only; 365 days by default.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(365);

    /// <summary>Gets whether the rule covers every subdomain too; false by default.</summary>
    public bool IncludeSubDomains { get; init; }

    /// <summary>Gets whether to ask for inclusion in the browsers' preload list (also needs <see cref="IncludeSubDomains"/> and a year or more).</summary>
    public bool Preload { get; init; }

    /// <summary>Returns the header's value, such as <c>max-age=31536000; includeSubDomains</c>.</summary>
    public string HeaderValue()
    {
        var value = "max-age=" + ((long)MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        if (IncludeSubDomains)
        {
            value += "; includeSubDomains";
        }

        return Preload ? value + "; preload" : value;
    }
}
