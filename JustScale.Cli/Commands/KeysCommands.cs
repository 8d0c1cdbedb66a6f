using System.CommandLine;
using JustScale.Auth;
using JustScale.Auth.Tokens;

namespace JustScale.Cli;

/// <summary>The <c>keys rotate</c> command: retires the access tokens' signing keys and adds a new key to the secrets' key ring.</summary>
internal static class KeysCommands
{
    public static Command Create(CliGlobals globals)
    {
        var jwt = new Option<bool>("--jwt") { Description = "Rotate only the access tokens' signing keys (JustScale.Auth.Tokens)." };
        var secrets = new Option<bool>("--secrets") { Description = "Rotate only the secrets' key ring (2FA secrets, signing keys' private halves); needs JustScale__Secrets__EncryptionKey." };
        var revoke = new Option<bool>("--revoke") { Description = "With the signing keys: delete every key, refusing every access token issued so far (a key leaked)." };
        var rotate = new Command("rotate", "Rotates the signing keys and the secrets' key ring (both unless --jwt or --secrets); nothing stored stops working.")
        {
            jwt, secrets, revoke,
        };
        rotate.Validators.Add(result =>
        {
            if (result.GetValue(revoke) && result.GetValue(secrets) && !result.GetValue(jwt))
            {
                result.AddError("--revoke applies to the signing keys: add --jwt, or leave out --secrets.");
            }
        });
        bool Jwt(ParseResult parsed) => parsed.GetValue(jwt) || !parsed.GetValue(secrets);
        bool Secrets(ParseResult parsed) => parsed.GetValue(secrets) || !parsed.GetValue(jwt);
        globals.Run(rotate, parsed => (Jwt(parsed) ? CliParts.Tokens : CliParts.Users) | (Secrets(parsed) ? CliParts.Secrets : CliParts.Users), async (parsed, cluster, cancellationToken) =>
        {
            var revoking = parsed.GetValue(revoke);
            int? retired = Jwt(parsed) ? await cluster.Resolve<AccessTokenService>().RotateSigningKeysAsync(revoking, cancellationToken).ConfigureAwait(false) : null;
            Guid? ringKey = Secrets(parsed) ? cluster.Resolve<SecretProtection>().RotateKey() : null;
            var lines = new List<string>();
            if (retired is { } count)
            {
                lines.Add(revoking
                    ? $"Signing keys: deleted {count}; every access token issued so far is refused once the instances reload their keys (within a minute)."
                    : $"Signing keys: retired {count}; the next access token is signed by a new key (each instance within a minute); tokens already issued still verify.");
            }

            if (ringKey is { } id)
            {
                lines.Add($"Secrets' key ring: new key {id}, used for new secrets from now on; earlier keys still decrypt what they protected.");
            }

            return await UsersCommands.DoneAsync(globals, parsed, new { signingKeysRetired = retired, signingKeysRevoked = revoking && retired is not null, secretsKeyId = ringKey },
                string.Join('\n', lines)).ConfigureAwait(false);
        });
        return new Command("keys", "Rotates the app's keys.") { rotate };
    }
}
