namespace JustScale.Auth;

/// <summary>Configures <see cref="AuthEndpointsFeature"/>: where its routes live, the links it mails, and the mails themselves.</summary>
public sealed class AuthEndpointsOptions
{
    /// <summary>Gets or sets the routes' prefix; <c>/account</c> by default.</summary>
    public string Prefix { get; set; } = "/account";

    /// <summary>Gets or sets the prefix of the shipped sign-in routes (register, login and its two-factor step, logout, logout-all),
    /// such as <c>/auth</c>; null (the default) mounts none, for apps that write their own.</summary>
    /// <remarks>Under it: <c>POST /register</c>, <c>POST /login</c> (202 <see cref="TwoFactorChallengeResponse"/> when the user has
    /// two-factor login on), <c>POST /login/2fa</c> (with <see cref="TwoFactor"/> set), <c>POST /logout</c>, <c>POST /logout-all</c>.
    /// Rate limited by <see cref="AuthRateLimits.Register"/>, <see cref="AuthRateLimits.Login"/> and <see cref="AuthRateLimits.TwoFactor"/>,
    /// bodies up to 8 KiB, and cookie-aware (<see cref="AuthOptions.Cookie"/>).</remarks>
    public string? SignInPrefix { get; set; }

    /// <summary>Gets or sets the public address the mailed links start with (the app's front end); <c>http://localhost:3000</c> by default.</summary>
    public Uri PublicUrl { get; set; } = new("http://localhost:3000");

    /// <summary>Gets or sets the path of the page that verifies an email (the link gets <c>?token=...</c>); <c>/verify-email</c> by default.</summary>
    /// <remarks>That page posts the token to <c>{Prefix}/email/verify</c>: a link that verifies on GET would be "clicked" by mail scanners.</remarks>
    public string VerifyEmailPath { get; set; } = "/verify-email";

    /// <summary>Gets or sets the path of the page that sets a new password (the link gets <c>?token=...</c>); <c>/reset-password</c> by default.</summary>
    public string ResetPasswordPath { get; set; } = "/reset-password";

    /// <summary>Gets or sets the shortest time <c>password/forgot</c> takes, known email or not; 250 ms by default.</summary>
    /// <remarks>Known emails cost a token write and a mail, unknown ones a lookup: answering both no sooner than this keeps
    /// the response time from telling which emails have accounts. A mail sender slower than this (a remote SMTP server)
    /// leaks it again: raise the value, or send through a queue.</remarks>
    public TimeSpan ForgotPasswordMinimumDuration { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets where mail goes: an <see cref="OutboxEmailSender"/> (a folder of .eml files), an SMTP sender
    /// (JustScale.Auth.Mail), your own; null (the default) logs that a mail would have gone, for development only.</summary>
    public IAuthEmailSender? EmailSender { get; set; }

    /// <summary>Gets or sets the mails' wording (plain text and HTML).</summary>
    public AuthEmailTemplates Templates { get; set; } = new();

    /// <summary>Gets or sets whether the owner is mailed when the account's security changes (password changed or reset, two-factor
    /// login on or off, new recovery codes); on by default (<see cref="SecurityNotifier"/>, template
    /// <see cref="AuthEmailTemplates.SecurityNotice"/>).</summary>
    public bool SecurityNotices { get; set; } = true;

    /// <summary>Gets or sets two-factor login (TOTP and recovery codes, routes under <c>{Prefix}/2fa</c>); null (the default) leaves it off.</summary>
    /// <remarks>On, every session for a user with two-factor login passes a second step (<see cref="SignInResult.RequiresTwoFactor"/>), and the
    /// cluster must provide repositories for <see cref="TwoFactorSecret"/>, <see cref="RecoveryCode"/>, <see cref="TwoFactorTicket"/>
    /// and, unless <see cref="TwoFactorOptions.KeysDirectory"/> is set, <see cref="KeyRingEntry"/>.</remarks>
    public TwoFactorOptions? TwoFactor { get; set; }

    /// <summary>Returns the link for a token: the public address, the page's path and <c>?token=</c>.</summary>
    public Uri LinkFor(string path, string token) => new(PublicUrl, $"{path}?token={token}");

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Prefix, nameof(Prefix));
        if (SignInPrefix is not null && (SignInPrefix.Length == 0 || !SignInPrefix.StartsWith('/')))
        {
            throw new ArgumentException($"SignInPrefix \"{SignInPrefix}\" must start with '/', such as /auth (null mounts no sign-in routes).", nameof(SignInPrefix));
        }

        ArgumentNullException.ThrowIfNull(PublicUrl, nameof(PublicUrl));
        if (!PublicUrl.IsAbsoluteUri || PublicUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"PublicUrl \"{PublicUrl}\" must be an absolute http(s) address.", nameof(PublicUrl));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(VerifyEmailPath, nameof(VerifyEmailPath));
        ArgumentException.ThrowIfNullOrWhiteSpace(ResetPasswordPath, nameof(ResetPasswordPath));
        ArgumentOutOfRangeException.ThrowIfLessThan(ForgotPasswordMinimumDuration, TimeSpan.Zero, nameof(ForgotPasswordMinimumDuration));
        ArgumentNullException.ThrowIfNull(Templates, nameof(Templates));
        TwoFactor?.Validate();
    }
}
