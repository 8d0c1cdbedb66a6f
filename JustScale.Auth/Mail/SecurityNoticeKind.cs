namespace JustScale.Auth;

/// <summary>Names the changes to an account that its owner is told about by mail (<see cref="AuthEmailTemplates.SecurityNotice"/>).</summary>
public enum SecurityNoticeKind
{
    /// <summary>The password was changed by the signed-in owner.</summary>
    PasswordChanged,

    /// <summary>The password was reset through a mailed link.</summary>
    PasswordReset,

    /// <summary>Two-factor login was turned on.</summary>
    TwoFactorEnabled,

    /// <summary>Two-factor login was turned off.</summary>
    TwoFactorDisabled,

    /// <summary>New recovery codes were made; the old ones no longer work.</summary>
    RecoveryCodesRegenerated,

    /// <summary>The account's email address was changed (the notice goes to the address it had).</summary>
    EmailChanged,
}
