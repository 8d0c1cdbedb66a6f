namespace JustScale.Auth;

/// <summary>Holds a new authenticator secret for the user to scan or type: base32 and as an <c>otpauth://</c> URI.</summary>
/// <param name="Secret">The secret in base32 (A-Z, 2-7, no padding).</param>
/// <param name="OtpauthUri">The <c>otpauth://totp/...</c> URI a QR code carries (SHA1, 6 digits, 30 s).</param>
public sealed record TwoFactorSetup(string Secret, string OtpauthUri)
{
    /// <summary>Returns a text without the secret.</summary>
    public override string ToString() => "TwoFactorSetup (secret hidden)";
}
