using System.Security.Cryptography;
using System.Text;

namespace JustScale.Examples.Tests;

/// <summary>Verifies a webhook as a receiver would, with the .NET base library only (docs/operations.md quotes it).</summary>
public static class WebhookVerifier
{
    /// <summary>Returns whether the request is signed with the secret and no older than five minutes.</summary>
    public static bool IsAuthentic(string secret, string id, string timestamp, string signatureHeader, string body, DateTimeOffset now)
    {
        // Refuse stale (or far future) timestamps: a replayed request carries an old one.
        if (!long.TryParse(timestamp, out var seconds) || Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret["whsec_".Length..]); // the key is the base64-decoded part of the secret
        var signed = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        var expected = Encoding.ASCII.GetBytes("v1," + Convert.ToBase64String(signed));
        foreach (var signature in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)) // several while secrets rotate
        {
            if (CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
            {
                return true;
            }
        }

        return false;
    }
}
