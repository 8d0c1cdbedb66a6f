using Fido2NetLib;
using JustScale.Core;
using JustScale.Http;

namespace JustScale.Auth.SignIn;

/// <summary>Registers the passkey part of <see cref="SignInFeature"/>: its repository, the Fido2 verifier and the routes.</summary>
internal static class PasskeyRegistration
{
    public static void Configure(ComponentContext context, PasskeyOptions options)
    {
        var fido2 = new Fido2(new Fido2Configuration
        {
            RPID = options.RelyingPartyId,
            RPName = options.RelyingPartyName,
            Origins = new HashSet<string>(options.Origins, StringComparer.Ordinal),
            Timeout = (uint)options.CeremonyTtl.TotalMilliseconds,
            ChallengeSize = 32, // 256 bits (the library default is 16 bytes)
        });
        context
            .Require<IRepository<PasskeyCredential>>()
            .Provide(options)
            .Provide(new PasskeyCeremonies(fido2, options))
            .Provide<PasskeyService>()
            .Add(PasskeyRoutes.CreateAccount(options))
            .Add(PasskeyRoutes.CreateSignIn(options));
    }
}
