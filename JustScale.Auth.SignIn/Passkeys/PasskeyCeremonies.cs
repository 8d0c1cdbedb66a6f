using Fido2NetLib;

namespace JustScale.Auth.SignIn;

/// <summary>Holds the configured Fido2 verifier and the passkey options, for <see cref="PasskeyService"/>.</summary>
internal sealed class PasskeyCeremonies(IFido2 fido2, PasskeyOptions options)
{
    public IFido2 Fido2 { get; } = fido2;

    public PasskeyOptions Options { get; } = options;
}
