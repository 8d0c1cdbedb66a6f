using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace JustScale.Webhooks;

/// <summary>Signs and verifies webhook payloads per Standard Webhooks: <c>v1,</c> and base64 of HMAC-SHA256 over <c>id.timestamp.body</c>.</summary>
/// <remarks>The secret is <c>whsec_</c> and base64; the HMAC key is the decoded bytes.</remarks>
public static class WebhookSignature
{
    private const string SecretPrefix = "whsec_";

    /// <summary>Returns a new random secret in the <c>whsec_</c> form (32 bytes).</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Returns the <c>webhook-signature</c> value (<c>v1,&lt;base64&gt;</c>) of a message.</summary>
    /// <exception cref="ArgumentException">The secret is not in the <c>whsec_</c> form.</exception>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(body);
        if (!TryParseSecret(secret, out var key))
        {
            throw new ArgumentException("The secret must be whsec_ followed by base64 of 24 to 64 bytes.", nameof(secret));
        }

        return Sign(key, messageId, timestamp, body);
    }

    /// <summary>Returns whether one of the space-separated <c>v1,</c> signatures in <paramref name="signatureHeader"/> matches the message (compared in constant time).</summary>
    /// <remarks>Checking the timestamp's age (against replays) is the caller's part.</remarks>
    public static bool Verify(string secret, string messageId, long timestamp, string body, string signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(signatureHeader);
        if (!TryParseSecret(secret, out var key))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(key, messageId, timestamp, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate)));
    }

    /// <summary>Reads a <c>whsec_</c> secret into its key bytes; false when it is malformed or shorter than 24 bytes or longer than 64.</summary>
    public static bool TryParseSecret(string? secret, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var buffer = new byte[secret.Length];
        if (!Convert.TryFromBase64String(secret[SecretPrefix.Length..], buffer, out var written) || written is < 24 or > 64)
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }

    private static string Sign(byte[] key, string messageId, long timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes($"{messageId}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
