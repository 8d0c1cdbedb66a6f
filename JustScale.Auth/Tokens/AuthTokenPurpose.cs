namespace JustScale.Auth;

/// <summary>Names the account flows a one-time token can serve.</summary>
public static class AuthTokenPurpose
{
    /// <summary>Confirms that the user reads mail at their address (24 h by default).</summary>
    public const string VerifyEmail = "verify_email";

    /// <summary>Sets a new password without the old one (1 h by default).</summary>
    public const string ResetPassword = "reset_password";

    /// <summary>Signs in without a password through a mailed link (15 min by default); using it also verifies the email.</summary>
    public const string MagicLink = "magic_link";
}
