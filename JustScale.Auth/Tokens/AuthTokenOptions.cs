namespace JustScale.Auth;

/// <summary>Configures the one-time tokens of the account flows.</summary>
public sealed class AuthTokenOptions
{
    /// <summary>Gets or sets how long an email verification token lasts; 24 hours by default.</summary>
    public TimeSpan VerifyEmailTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets how long a password reset token lasts; 1 hour by default.</summary>
    public TimeSpan ResetPasswordTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how long a sign-in link (magic link) lasts; 15 minutes by default.</summary>
    public TimeSpan MagicLinkTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Returns the lifetime of a purpose's tokens.</summary>
    /// <exception cref="ArgumentException">The purpose is not one of <see cref="AuthTokenPurpose"/>.</exception>
    public TimeSpan TtlOf(string purpose) => purpose switch
    {
        AuthTokenPurpose.VerifyEmail => VerifyEmailTtl,
        AuthTokenPurpose.ResetPassword => ResetPasswordTtl,
        AuthTokenPurpose.MagicLink => MagicLinkTtl,
        _ => throw new ArgumentException($"Unknown token purpose \"{purpose}\".", nameof(purpose)),
    };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(VerifyEmailTtl, TimeSpan.Zero, nameof(VerifyEmailTtl));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ResetPasswordTtl, TimeSpan.Zero, nameof(ResetPasswordTtl));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MagicLinkTtl, TimeSpan.Zero, nameof(MagicLinkTtl));
    }
}
