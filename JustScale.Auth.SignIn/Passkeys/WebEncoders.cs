using Microsoft.AspNetCore.WebUtilities;

namespace JustScale.Auth.SignIn;

/// <summary>Converts credential ids to and from base64url without padding, the form WebAuthn's JSON uses.</summary>
internal static class WebEncoders
{
    public static string Encode(byte[] bytes) => Base64UrlTextEncoder.Encode(bytes);

    public static byte[] Decode(string text) => Base64UrlTextEncoder.Decode(text);
}
