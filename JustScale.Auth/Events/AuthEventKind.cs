namespace JustScale.Auth;

/// <summary>Names what happened to an account or a session.</summary>
public enum AuthEventKind
{
    /// <summary>A user registered.</summary>
    Registered,

    /// <summary>A password login succeeded.</summary>
    LoginSucceeded,

    /// <summary>A password login failed (unknown email, wrong password or a disabled user).</summary>
    LoginFailed,

    /// <summary>A session was created.</summary>
    SessionCreated,

    /// <summary>One or more sessions were revoked (<see cref="AuthEvent.Count"/> says how many).</summary>
    SessionRevoked,

    /// <summary>A user changed their password (or an application set it).</summary>
    PasswordChanged,

    /// <summary>A user set a new password with a reset token.</summary>
    PasswordReset,

    /// <summary>A user confirmed their email address.</summary>
    EmailVerified,

    /// <summary>A user was disabled.</summary>
    UserDisabled,

    /// <summary>A disabled user was enabled again.</summary>
    UserEnabled,

    /// <summary>A user turned two-factor login on (a code confirmed the authenticator).</summary>
    TwoFactorEnabled,

    /// <summary>A user turned two-factor login off.</summary>
    TwoFactorDisabled,

    /// <summary>A recovery code was used (it is gone now).</summary>
    RecoveryCodeUsed,

    /// <summary>A wrong or replayed two-factor code was refused.</summary>
    TwoFactorFailed,

    /// <summary>An admin opened a session as the user (the event's session is the impersonation session).</summary>
    Impersonated,

    /// <summary>An admin banned the user (disabled, with a reason and an optional end).</summary>
    UserBanned,

    /// <summary>An admin lifted the user's ban, or it ended.</summary>
    UserUnbanned,

    /// <summary>An admin replaced the user's global roles.</summary>
    RolesChanged,

    /// <summary>A user's recovery codes were replaced by new ones.</summary>
    RecoveryCodesRegenerated,

    /// <summary>A user created an API key (JustScale.Auth.Tokens); never the key itself.</summary>
    ApiKeyCreated,

    /// <summary>A user revoked one of their API keys.</summary>
    ApiKeyRevoked,
}
