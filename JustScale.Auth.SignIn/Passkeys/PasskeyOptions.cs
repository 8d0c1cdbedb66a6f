namespace JustScale.Auth.SignIn;

/// <summary>Configures passkeys (WebAuthn): the relying party, the origins allowed to run ceremonies, and the routes' prefixes.</summary>
public sealed class PasskeyOptions
{
    /// <summary>Gets or sets the relying party id (a registrable domain, such as <c>app.example</c>); credentials are bound to it.</summary>
    /// <remarks>Required. The complete example takes <c>JustScale:Auth:Passkeys:RelyingPartyId</c>, by default the host of <c>App:PublicUrl</c>.</remarks>
    public string RelyingPartyId { get; set; } = "";

    /// <summary>Gets or sets the name authenticators show for the relying party; "JustScale app" by default.</summary>
    public string RelyingPartyName { get; set; } = "JustScale app";

    /// <summary>Gets or sets the origins (<c>https://app.example</c>) whose pages may run the ceremonies; required, at least one.</summary>
    public IReadOnlyList<string> Origins { get; set; } = [];

    /// <summary>Gets or sets how long a ceremony (its challenge) can be finished; 5 minutes by default.</summary>
    public TimeSpan CeremonyTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the prefix of the signed-in routes (<c>/account/passkeys...</c>); <c>/account</c> by default.</summary>
    public string AccountPrefix { get; set; } = "/account";

    /// <summary>Gets or sets the prefix of the sign-in routes (<c>/auth/passkey...</c>); <c>/auth</c> by default.</summary>
    public string AuthPrefix { get; set; } = "/auth";

    /// <summary>Gets or sets whether a new person may sign up with a passkey alone (no password ever); on by default.</summary>
    public bool AllowSignUp { get; set; } = true;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(RelyingPartyId, nameof(RelyingPartyId));
        ArgumentException.ThrowIfNullOrWhiteSpace(RelyingPartyName, nameof(RelyingPartyName));
        ArgumentNullException.ThrowIfNull(Origins, nameof(Origins));
        if (Origins.Count == 0)
        {
            throw new ArgumentException("Passkeys need at least one allowed origin (https://app.example).", nameof(Origins));
        }

        foreach (var origin in Origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || origin.EndsWith('/'))
            {
                throw new ArgumentException($"Passkey origin \"{origin}\" must be an origin: scheme, host and port, no path (https://app.example).", nameof(Origins));
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CeremonyTtl, TimeSpan.Zero, nameof(CeremonyTtl));
        ArgumentException.ThrowIfNullOrWhiteSpace(AccountPrefix, nameof(AccountPrefix));
        ArgumentException.ThrowIfNullOrWhiteSpace(AuthPrefix, nameof(AuthPrefix));
    }
}
