using System.Text.Json;
using JustScale.Core;

namespace JustScale.Auth.SignIn;

/// <summary>Runs provider sign-in: the state of a started flow, the callback's account decision (the linking rules), the one-time codes, and linked identities.</summary>
/// <remarks>
/// Linking rules: a known identity signs its user in; a new identity whose provider verified the email makes a new account
/// (email verified) when none has that email; an account whose email is NOT verified is never signed into through a
/// provider (it may be an attacker's pre-registration); a verified account is linked only after its owner confirms
/// (signed in, or with the password).
/// </remarks>
internal sealed class OAuthService(
    IRepository<ExternalLogin> logins, CeremonyStore ceremonies, UserService users, OAuthOptions options, IRepository<PasskeyCredential>? passkeys = null)
{
    public const string StateKind = "oauth_state";
    public const string CodeKind = "oauth_code";
    public const string LinkKind = "oauth_link";

    private static readonly Field<ExternalLogin, Reference<User>> UserField = ExternalLogin.Model.Field(l => l.User);
    private static readonly Field<ExternalLogin, string> ProviderField = ExternalLogin.Model.Field(l => l.Provider);
    private static readonly Field<ExternalLogin, string> SubjectField = ExternalLogin.Model.Field(l => l.Subject);
    private static readonly Field<PasskeyCredential, Reference<User>> PasskeyUserField = PasskeyCredential.Model.Field(c => c.User);

    private readonly OAuthOptions _options = options;
    private readonly Dictionary<string, OAuthClient> _clients = ClientsFor(options);

    public IEnumerable<OAuthClient> Providers => _clients.Values;

    public OAuthClient? Find(string? provider) => provider is not null && _clients.TryGetValue(provider, out var client) ? client : null;

    public Uri RedirectUri(string provider) => new(_options.CallbackBase, $"{_options.Prefix.TrimEnd('/')}/{provider}/callback");

    /// <summary>Returns the landing page with a code or an error: <c>{PublicUrl}{SignedInPath}?code=</c>. The only redirect target there is.</summary>
    public Uri Landing(string parameter, string value) =>
        new(_options.PublicUrl, $"{_options.SignedInPath}?{parameter}={Uri.EscapeDataString(value)}");

    /// <summary>Starts a sign-in: stores the state (PKCE verifier, nonce, the browser binding's hash) and returns the provider's URL.</summary>
    public async Task<Uri> StartAsync(OAuthClient client, string browserBinding, CancellationToken cancellationToken)
    {
        var (verifier, challenge) = OAuthClient.NewPkce();
        var nonce = CeremonyStore.NewKey();
        var data = JsonSerializer.Serialize(new StateData(client.Name, verifier, nonce, CeremonyStore.Digest(browserBinding)));
        var state = await ceremonies.BeginAsync(StateKind, null, data, _options.StateTtl, cancellationToken).ConfigureAwait(false);
        return await client.AuthorizationUrlAsync(RedirectUri(client.Name), state, nonce, challenge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finishes the provider's part: checks the state and its browser, redeems the code, applies the linking rules, and returns a one-time code for the app.</summary>
    public async Task<string> CallbackAsync(OAuthClient client, string? state, string? code, string? browserBinding, CancellationToken cancellationToken)
    {
        var taken = await ceremonies.TakeAsync(StateKind, state, cancellationToken).ConfigureAwait(false);
        var data = taken is null ? null : JsonSerializer.Deserialize<StateData>(taken.Data);
        if (data is null || data.Provider != client.Name)
        {
            throw new OAuthFlowException("invalid_state", "Unknown, used or expired state.");
        }

        // Login CSRF: the callback must come back to the browser that started the flow (its cookie), not one an attacker sent there.
        if (browserBinding is null || !CryptographicEquals(CeremonyStore.Digest(browserBinding), data.BrowserHash))
        {
            throw new OAuthFlowException("invalid_state", "The sign-in was started in another browser.");
        }

        if (string.IsNullOrEmpty(code))
        {
            throw new OAuthFlowException("invalid_request", "The provider sent no code.");
        }

        var identity = await client.RedeemAsync(code, RedirectUri(client.Name), data.Verifier, data.Nonce, cancellationToken).ConfigureAwait(false);
        var outcome = await DecideAsync(identity, cancellationToken).ConfigureAwait(false);
        return await ceremonies.BeginAsync(CodeKind, outcome.UserId, JsonSerializer.Serialize(outcome), _options.CodeTtl, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes a one-time code: the outcome it stands for, or null when it is unknown, used or expired.</summary>
    public async Task<Outcome?> TakeCodeAsync(string? code, CancellationToken cancellationToken) =>
        await ceremonies.TakeAsync(CodeKind, code, cancellationToken).ConfigureAwait(false) is { } taken ? JsonSerializer.Deserialize<Outcome>(taken.Data) : null;

    /// <summary>Holds a link that waits for its owner's confirmation; returns the token to confirm it with.</summary>
    public Task<string> PendLinkAsync(Outcome outcome, CancellationToken cancellationToken) =>
        ceremonies.BeginAsync(LinkKind, outcome.UserId, JsonSerializer.Serialize(outcome), _options.StateTtl, cancellationToken);

    /// <summary>Takes a pending link: its outcome, or null when unknown, used or expired.</summary>
    public async Task<Outcome?> TakeLinkAsync(string? token, CancellationToken cancellationToken) =>
        await ceremonies.TakeAsync(LinkKind, token, cancellationToken).ConfigureAwait(false) is { } taken ? JsonSerializer.Deserialize<Outcome>(taken.Data) : null;

    /// <summary>Links the outcome's identity to its user (idempotent for that user).</summary>
    public async Task LinkAsync(Outcome outcome, CancellationToken cancellationToken)
    {
        if (await FindLoginAsync(outcome.Provider, outcome.Subject, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            if (existing.User.Id != outcome.UserId)
            {
                throw new JustScaleException("This identity is linked to another account", 409, "identity_linked_elsewhere");
            }

            return;
        }

        await logins.InsertAsync(new ExternalLogin { User = new Reference<User>(outcome.UserId), Provider = outcome.Provider, Subject = outcome.Subject, Email = outcome.Email }, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ExternalLogin>> ListAsync(Reference<User> user, CancellationToken cancellationToken) =>
        [.. (await logins.FindManyAsync(Filter<ExternalLogin>.Where(UserField, user.Id), cancellationToken: cancellationToken).ConfigureAwait(false)).OrderBy(l => l.CreatedAt)];

    /// <summary>Unlinks the user's identity at a provider; false when there is none. Never the last way to sign in.</summary>
    public async Task<bool> UnlinkAsync(User user, string provider, CancellationToken cancellationToken)
    {
        var mine = await ListAsync(user, cancellationToken).ConfigureAwait(false);
        var targets = mine.Where(l => l.Provider == provider).ToList();
        if (targets.Count == 0)
        {
            return false;
        }

        var passkeyCount = passkeys is null ? 0 : (await passkeys.FindManyAsync(Filter<PasskeyCredential>.Where(PasskeyUserField, user.Id), cancellationToken: cancellationToken).ConfigureAwait(false)).Count;
        if (!UserService.HasPassword(user) && passkeyCount == 0 && mine.Count == targets.Count)
        {
            throw new JustScaleException("This is the account's last way to sign in: set a password or add a passkey first", 409, "last_sign_in_method");
        }

        foreach (var target in targets)
        {
            await logins.DeleteAsync(target.Id, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task<Outcome> DecideAsync(OAuthIdentity identity, CancellationToken cancellationToken)
    {
        if (await FindLoginAsync(identity.Provider, identity.Subject, cancellationToken).ConfigureAwait(false) is { } known)
        {
            return new Outcome(OutcomeKind.SignIn, known.User.Id, identity.Provider, identity.Subject, identity.Email);
        }

        if (identity.Email is null || !identity.EmailVerified)
        {
            throw new OAuthFlowException("email_not_verified", "The provider did not vouch for an email address.");
        }

        var user = await users.FindByEmailAsync(identity.Email, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            try
            {
                user = await users.RegisterPasswordlessAsync(identity.Email, Trim(identity.Name), emailVerified: true, cancellationToken).ConfigureAwait(false);
            }
            catch (UserExistsException)
            {
                throw new OAuthFlowException("try_again", "An account with this email was created meanwhile.");
            }

            var created = new Outcome(OutcomeKind.SignIn, user.Id, identity.Provider, identity.Subject, user.Email);
            await LinkAsync(created, cancellationToken).ConfigureAwait(false);
            return created;
        }

        if (user.EmailVerifiedAt is null)
        {
            // Maybe someone registered this address before its owner did: signing into it would hand them the owner's identity.
            throw new OAuthFlowException("account_email_unverified", "An account with this email exists but its email is not verified: sign in with its password and verify the email first.");
        }

        return new Outcome(OutcomeKind.LinkRequired, user.Id, identity.Provider, identity.Subject, user.Email);
    }

    // One back-channel client (15 s per call) for every provider's discovery, token and user info requests.
    private static Dictionary<string, OAuthClient> ClientsFor(OAuthOptions options)
    {
        var http = options.BackchannelHandler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
        http.Timeout = TimeSpan.FromSeconds(15);
        return options.Providers.ToDictionary(p => p.Key, p => new OAuthClient(p.Key, p.Value, http), StringComparer.Ordinal);
    }

    private Task<ExternalLogin?> FindLoginAsync(string provider, string subject, CancellationToken cancellationToken) =>
        logins.FindOneAsync(Filter<ExternalLogin>.Where(ProviderField, provider).And(SubjectField, subject), cancellationToken);

    private static string? Trim(string? name) => name is null ? null : name.Length <= 100 && !name.Any(char.IsControl) ? name : null;

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(a), System.Text.Encoding.ASCII.GetBytes(b));

    /// <summary>What a provider sign-in came to: sign the user in, or link after confirmation.</summary>
    internal sealed record Outcome(OutcomeKind Kind, Guid UserId, string Provider, string Subject, string? Email);

    internal enum OutcomeKind
    {
        SignIn,
        LinkRequired,
    }

    private sealed record StateData(string Provider, string Verifier, string Nonce, string BrowserHash);
}
