using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Objects;
using JustScale.Core;
using Microsoft.AspNetCore.WebUtilities;

namespace JustScale.Auth.SignIn;

/// <summary>Runs the passkey ceremonies on Fido2 and keeps the credentials: register, sign in, list, rename, delete.</summary>
/// <remarks>
/// Every ceremony is a <see cref="SignInCeremony"/> holding the options that were sent (their challenge among them): taken
/// once, on any instance, and a response is checked against that ceremony's own challenge, so neither a replay nor an
/// assertion made for another ceremony passes. Signature counters must grow (when either side keeps one) and a credential's
/// backup eligibility may never change: either is a sign of a cloned authenticator, and the sign-in is refused.
/// </remarks>
internal sealed partial class PasskeyService(
    IRepository<PasskeyCredential> credentials, CeremonyStore ceremonies, PasskeyCeremonies passkeys, UserService users, TimeProvider time)
{
    public const string CreateKind = "passkey_create";
    public const string SignUpKind = "passkey_signup";
    public const string GetKind = "passkey_get";

    private static readonly Field<PasskeyCredential, Reference<User>> UserField = PasskeyCredential.Model.Field(c => c.User);
    private static readonly Field<PasskeyCredential, string> CredentialIdField = PasskeyCredential.Model.Field(c => c.CredentialId);
    private static readonly Field<PasskeyCredential, long> SignCountField = PasskeyCredential.Model.Field(c => c.SignCount);
    private static readonly Field<PasskeyCredential, bool> BackedUpField = PasskeyCredential.Model.Field(c => c.BackedUp);
    private static readonly Field<PasskeyCredential, DateTimeOffset?> LastUsedAtField = PasskeyCredential.Model.Field(c => c.LastUsedAt);
    private static readonly Field<PasskeyCredential, string> NameField = PasskeyCredential.Model.Field(c => c.Name);

    private IFido2 Fido2 => passkeys.Fido2;

    /// <summary>Begins adding a passkey to a signed-in user: creation options excluding the user's passkeys.</summary>
    public async Task<(string CeremonyId, JsonElement Options)> BeginRegistrationAsync(User user, CancellationToken cancellationToken)
    {
        var existing = await ListAsync(user, cancellationToken).ConfigureAwait(false);
        var options = CreationOptions(user.Id.ToByteArray(), user.Email, user.Name, existing.Select(c => new PublicKeyCredentialDescriptor(Base64UrlTextEncoder.Decode(c.CredentialId))).ToList()).ToJson();
        return await BeginAsync(CreateKind, user.Id, options, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finishes adding a passkey to the user who began the ceremony; null when the ceremony is unknown, used, expired or another user's.</summary>
    /// <exception cref="PasskeyException">The authenticator's response does not verify.</exception>
    public async Task<PasskeyCredential?> FinishRegistrationAsync(User user, string ceremonyId, JsonElement credential, string? name, CancellationToken cancellationToken)
    {
        var ceremony = await ceremonies.TakeAsync(CreateKind, ceremonyId, cancellationToken).ConfigureAwait(false);
        if (ceremony is null || ceremony.UserId != user.Id)
        {
            return null;
        }

        var registered = await VerifyAttestationAsync(ceremony.Data, credential, cancellationToken).ConfigureAwait(false);
        return await StoreAsync(user, registered, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Begins a passkey-only sign-up: creation options for a new account (a random user handle); no account exists until it finishes.</summary>
    public async Task<(string CeremonyId, JsonElement Options)> BeginSignUpAsync(string email, string? name, CancellationToken cancellationToken)
    {
        var normalized = UserService.NormalizeEmail(email);
        var options = CreationOptions(Guid.NewGuid().ToByteArray(), normalized, name, []).ToJson();
        return await BeginAsync(SignUpKind, null, options, JsonSerializer.Serialize(new SignUpData(options, normalized, name)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finishes a passkey-only sign-up: verifies the new credential, then creates the account (no password) and stores the passkey.</summary>
    /// <exception cref="PasskeyException">The response does not verify.</exception>
    /// <exception cref="UserExistsException">The email was registered meanwhile.</exception>
    public async Task<User?> FinishSignUpAsync(string ceremonyId, JsonElement credential, string? passkeyName, CancellationToken cancellationToken)
    {
        var ceremony = await ceremonies.TakeAsync(SignUpKind, ceremonyId, cancellationToken).ConfigureAwait(false);
        if (ceremony is null || JsonSerializer.Deserialize<SignUpData>(ceremony.Data) is not { } data)
        {
            return null;
        }

        var registered = await VerifyAttestationAsync(data.Options, credential, cancellationToken).ConfigureAwait(false);
        var user = await users.RegisterPasswordlessAsync(data.Email, data.Name, emailVerified: false, cancellationToken).ConfigureAwait(false);
        await StoreAsync(user, registered, passkeyName, cancellationToken).ConfigureAwait(false);
        return user;
    }

    /// <summary>Begins a passkey sign-in: request options with no allowed list (discoverable credentials, conditional UI).</summary>
    public async Task<(string CeremonyId, JsonElement Options)> BeginSignInAsync(CancellationToken cancellationToken)
    {
        var options = Fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [],
            UserVerification = UserVerificationRequirement.Preferred,
        }).ToJson();
        return await BeginAsync(GetKind, null, options, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finishes a passkey sign-in: returns the credential's user when the assertion verifies against this ceremony's challenge; null for an unknown or used ceremony or credential.</summary>
    /// <exception cref="PasskeyException">The assertion does not verify, its counter went back, or its backup eligibility changed.</exception>
    public async Task<User?> FinishSignInAsync(string ceremonyId, JsonElement credential, CancellationToken cancellationToken)
    {
        var ceremony = await ceremonies.TakeAsync(GetKind, ceremonyId, cancellationToken).ConfigureAwait(false);
        if (ceremony is null)
        {
            return null;
        }

        var response = Read<AuthenticatorAssertionRawResponse>(credential);
        var stored = await credentials.FindOneAsync(Filter<PasskeyCredential>.Where(CredentialIdField, response.Id), cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        VerifyAssertionResult result;
        try
        {
            result = await Fido2.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = AssertionOptions.FromJson(ceremony.Data),
                StoredPublicKey = stored.PublicKey,
                StoredSignatureCounter = (uint)stored.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (owner, _) => Task.FromResult(owner.UserHandle.AsSpan().SequenceEqual(stored.UserHandle)),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Fido2VerificationException e)
        {
            throw new PasskeyException(e.Message, e);
        }

        CheckAuthenticatorState(stored, response, result);

        // Compare-and-set on the counter: of two sign-ins racing with one assertion's counter, one writes.
        var written = await credentials.UpdateWhereAsync(
            Filter<PasskeyCredential>.Where(PasskeyCredential.Model.Id, stored.Id).And(SignCountField, stored.SignCount),
            Changes<PasskeyCredential>.Of(SignCountField, (long)result.SignCount).Set(BackedUpField, result.IsBackedUp).Set(LastUsedAtField, Timestamps.Now(time)),
            cancellationToken).ConfigureAwait(false);
        if (written == 0)
        {
            throw new PasskeyException("The credential was used concurrently.");
        }

        return await users.FindByIdAsync(stored.User.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists a user's passkeys, oldest first.</summary>
    public async Task<IReadOnlyList<PasskeyCredential>> ListAsync(Reference<User> user, CancellationToken cancellationToken) =>
        [.. (await credentials.FindManyAsync(Filter<PasskeyCredential>.Where(UserField, user.Id), cancellationToken: cancellationToken).ConfigureAwait(false)).OrderBy(c => c.CreatedAt)];

    /// <summary>Renames one of the user's passkeys; false when the user has no passkey with that credential id.</summary>
    public async Task<bool> RenameAsync(Reference<User> user, string credentialId, string name, CancellationToken cancellationToken) =>
        await credentials.UpdateWhereAsync(
            Filter<PasskeyCredential>.Where(UserField, user.Id).And(CredentialIdField, credentialId),
            Changes<PasskeyCredential>.Of(NameField, name), cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>Deletes one of the user's passkeys; false when there is none with that id.</summary>
    /// <exception cref="JustScaleException">It is the last passkey of an account without a password (409 <c>last_sign_in_method</c>).</exception>
    public async Task<bool> DeleteAsync(User user, string credentialId, CancellationToken cancellationToken)
    {
        var mine = await ListAsync(user, cancellationToken).ConfigureAwait(false);
        if (mine.FirstOrDefault(c => c.CredentialId == credentialId) is not { } target)
        {
            return false;
        }

        if (mine.Count == 1 && !UserService.HasPassword(user))
        {
            throw new JustScaleException("This is the account's last passkey and it has no password: add another way to sign in first", 409, "last_sign_in_method");
        }

        return await credentials.DeleteAsync(target.Id, cancellationToken).ConfigureAwait(false);
    }

    // Stores the ceremony (its data holds the options sent) and returns its id with the options, as the JSON the browser takes.
    private async Task<(string CeremonyId, JsonElement Options)> BeginAsync(string kind, Guid? userId, string options, string data, CancellationToken cancellationToken) =>
        (await ceremonies.BeginAsync(kind, userId, data, passkeys.Options.CeremonyTtl, cancellationToken).ConfigureAwait(false), JsonDocument.Parse(options).RootElement.Clone());

    private CredentialCreateOptions CreationOptions(byte[] userHandle, string email, string? name, List<PublicKeyCredentialDescriptor> exclude) =>
        Fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = userHandle, Name = email, DisplayName = string.IsNullOrWhiteSpace(name) ? email : name },
            ExcludeCredentials = exclude,
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required, // discoverable: sign-in needs no email first
                UserVerification = UserVerificationRequirement.Preferred,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });

    private async Task<RegisteredPublicKeyCredential> VerifyAttestationAsync(string optionsJson, JsonElement credential, CancellationToken cancellationToken)
    {
        var response = Read<AuthenticatorAttestationRawResponse>(credential);
        try
        {
            return await Fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = CredentialCreateOptions.FromJson(optionsJson),
                IsCredentialIdUniqueToUserCallback = async (args, ct) =>
                    await credentials.FindOneAsync(Filter<PasskeyCredential>.Where(CredentialIdField, Base64UrlTextEncoder.Encode(args.CredentialId)), ct).ConfigureAwait(false) is null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Fido2VerificationException e)
        {
            throw new PasskeyException(e.Message, e);
        }
    }

    private async Task<PasskeyCredential> StoreAsync(Reference<User> user, RegisteredPublicKeyCredential registered, string? name, CancellationToken cancellationToken)
    {
        var credential = new PasskeyCredential
        {
            User = user,
            CredentialId = Base64UrlTextEncoder.Encode(registered.Id),
            PublicKey = registered.PublicKey,
            SignCount = registered.SignCount,
            UserHandle = registered.User.Id,
            Name = string.IsNullOrWhiteSpace(name) ? "Passkey" : name.Trim()[..Math.Min(name.Trim().Length, 100)],
            BackupEligible = registered.IsBackupEligible,
            BackedUp = registered.IsBackedUp,
            Transports = registered.Transports is { Length: > 0 } t ? string.Join(',', t.Select(x => x.ToString())) : null,
        };
        try
        {
            await credentials.InsertAsync(credential, cancellationToken).ConfigureAwait(false);
        }
        catch (UniqueConstraintException e)
        {
            throw new PasskeyException("This credential is already registered.", e);
        }

        return credential;
    }

    private static void CheckAuthenticatorState(PasskeyCredential stored, AuthenticatorAssertionRawResponse response, VerifyAssertionResult result)
    {
        // A counter that does not grow (when either side keeps one) means two authenticators hold the key: a clone.
        if ((stored.SignCount > 0 || result.SignCount > 0) && result.SignCount <= stored.SignCount)
        {
            throw new PasskeyException("The authenticator's signature counter did not increase.");
        }

        // Backup eligibility is fixed for a credential's life (WebAuthn level 3, BE flag); a change is not the same authenticator.
        var flags = response.Response.AuthenticatorData is { Length: > 32 } data ? data[32] : (byte)0;
        var backupEligible = (flags & 0x08) != 0;
        if (backupEligible != stored.BackupEligible || (!backupEligible && result.IsBackedUp))
        {
            throw new PasskeyException("The credential's backup state is inconsistent.");
        }
    }

    private static T Read<T>(JsonElement credential)
    {
        try
        {
            return credential.Deserialize<T>() ?? throw new PasskeyException("credential is required.");
        }
        catch (JsonException e)
        {
            throw new PasskeyException("credential is not a WebAuthn credential in its JSON form.", e);
        }
    }

    private sealed record SignUpData(string Options, string Email, string? Name);
}
