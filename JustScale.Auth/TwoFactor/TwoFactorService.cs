using System.Security.Cryptography;
using JustScale.Core;
using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Sets up, enables, checks and disables a user's TOTP two-factor login, and runs its second step (tickets and recovery codes).</summary>
/// <remarks>
/// Provided by <see cref="AuthEndpointsFeature"/> when <see cref="AuthEndpointsOptions.TwoFactor"/> is set. Secrets are 20 random
/// bytes, encrypted with Data Protection; codes follow RFC 6238 (SHA-1, 30 s, 6 digits) and are accepted one step either side
/// of now; a step once accepted is refused afterwards. Recovery codes are single use and stored as SHA-256. Wrong codes count per
/// user (<see cref="AuthRateLimitOptions.TwoFactorFailuresPerUser"/>): past the limit every code is refused with 429 until the window ends.
/// </remarks>
public sealed partial class TwoFactorService
{
    private const int SecretBytes = 20;
    private static readonly Field<TwoFactorSecret, Reference<User>> UserField = TwoFactorSecret.Model.Field(s => s.User);
    private static readonly Field<TwoFactorSecret, string> ProtectedSecretField = TwoFactorSecret.Model.Field(s => s.ProtectedSecret);
    private static readonly Field<TwoFactorSecret, DateTimeOffset?> EnabledAtField = TwoFactorSecret.Model.Field(s => s.EnabledAt);
    private static readonly Field<TwoFactorSecret, long> LastUsedStepField = TwoFactorSecret.Model.Field(s => s.LastUsedStep);
    private static readonly Field<RecoveryCode, Reference<User>> CodeUserField = RecoveryCode.Model.Field(c => c.User);

    private readonly IRepository<TwoFactorSecret> _secrets;
    private readonly IRepository<RecoveryCode> _codes;
    private readonly IRepository<TwoFactorTicket> _tickets;
    private readonly IRepository<User> _users;
    private readonly TwoFactorProtector _protector;
    private readonly TwoFactorOptions _options;
    private readonly FixedWindowLimit? _failureLimit;
    private readonly TimeProvider _time;
    private static readonly UnitOfWork Transactions = new(); // stateless: joins the ambient transaction, if any

    private readonly AuthEvents? _events;

    internal TwoFactorService(
        IRepository<TwoFactorSecret> secrets, IRepository<RecoveryCode> codes, IRepository<TwoFactorTicket> tickets, IRepository<User> users,
        TwoFactorProtector protector, TwoFactorOptions options, AuthOptions authOptions, TimeProvider timeProvider, AuthEvents? events)
    {
        _secrets = secrets;
        _codes = codes;
        _tickets = tickets;
        _users = users;
        _protector = protector;
        _options = options;
        _failureLimit = authOptions.RateLimits.TwoFactorFailuresPerUser;
        _time = timeProvider;
        _events = events;
    }

    /// <summary>Returns whether the user has two-factor login on (set up and confirmed).</summary>
    public async Task<bool> IsEnabledAsync(Guid userId, CancellationToken cancellationToken = default) =>
        (await FindAsync(userId, cancellationToken).ConfigureAwait(false))?.EnabledAt is not null;

    /// <summary>Makes a new secret for the user, replacing one set up but not confirmed; returns it for the authenticator app.</summary>
    /// <exception cref="JustScaleException">409 <c>two_factor_enabled</c>: two-factor login is already on (disable it first).</exception>
    public async Task<TwoFactorSetup> SetupAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        var stored = _protector.Protect(secret);
        var existing = await FindAsync(user.Id, cancellationToken).ConfigureAwait(false);
        if (existing is { EnabledAt: not null })
        {
            throw AlreadyEnabled();
        }

        var inserted = false;
        if (existing is null)
        {
            try
            {
                await _secrets.InsertAsync(new TwoFactorSecret { User = user, ProtectedSecret = stored }, cancellationToken).ConfigureAwait(false);
                inserted = true;
            }
            catch (UniqueConstraintException)
            {
                // a concurrent setup inserted first: replace its secret below, like a second setup
            }
        }

        if (!inserted && await _secrets.UpdateWhereAsync(
                Filter<TwoFactorSecret>.Where(UserField, user.Id).And(EnabledAtField, null),
                Changes<TwoFactorSecret>.Of(ProtectedSecretField, stored).Set(LastUsedStepField, 0L),
                cancellationToken).ConfigureAwait(false) == 0)
        {
            throw AlreadyEnabled();
        }

        var base32 = Base32.Encode(secret);
        CryptographicOperations.ZeroMemory(secret);
        return new TwoFactorSetup(base32, OtpauthUri(user.Email, base32));
    }

    /// <summary>Turns two-factor login on once a current code proves the authenticator works; returns the new recovery codes (shown once), or null for a wrong code.</summary>
    /// <exception cref="JustScaleException">400 <c>two_factor_not_set_up</c> without a setup; 409 <c>two_factor_enabled</c> when already on.</exception>
    public async Task<IReadOnlyList<string>?> EnableAsync(Reference<User> user, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var row = await FindAsync(user.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new JustScaleException("Set up two-factor authentication first", 400, "two_factor_not_set_up");
        if (row.EnabledAt is not null)
        {
            throw AlreadyEnabled();
        }

        var now = Timestamps.Now(_time);
        // The confirming code is checked, not used up: a login right after may give the same code (its step is then used).
        if (!Totp.IsWellFormed(code) || !await AcceptTotpAsync(row, code, now, consume: false, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return await Transactions.RunAsync(async ct => // switched on, the codes and the event: all or nothing
        {
            if (await _secrets.UpdateWhereAsync(
                    Filter<TwoFactorSecret>.Where(TwoFactorSecret.Model.Id, row.Id).And(EnabledAtField, null),
                    Changes<TwoFactorSecret>.Of(EnabledAtField, now), ct).ConfigureAwait(false) == 0)
            {
                throw AlreadyEnabled();
            }

            var codes = await ReplaceRecoveryCodesAsync(user, ct).ConfigureAwait(false);
            await RaiseAsync(AuthEventKind.TwoFactorEnabled, user.Id, ct).ConfigureAwait(false);
            return codes;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns two-factor login off without a code (the routes check a code or the password first); false when it was not set up.</summary>
    /// <remarks>Deletes the secret, the recovery codes and any pending ticket.</remarks>
    public Task<bool> DisableAsync(Reference<User> user, CancellationToken cancellationToken = default) =>
        Transactions.RunAsync(async ct =>
        {
            var deleted = await _secrets.DeleteWhereAsync(Filter<TwoFactorSecret>.Where(UserField, user.Id), cancellationToken: ct).ConfigureAwait(false) > 0;
            await _codes.DeleteWhereAsync(Filter<RecoveryCode>.Where(CodeUserField, user.Id), cancellationToken: ct).ConfigureAwait(false);
            await _tickets.DeleteWhereAsync(Filter<TwoFactorTicket>.Where(TicketUserField, user.Id), cancellationToken: ct).ConfigureAwait(false);
            if (deleted)
            {
                await RaiseAsync(AuthEventKind.TwoFactorDisabled, user.Id, ct).ConfigureAwait(false);
            }

            return deleted;
        }, cancellationToken);

    /// <summary>Replaces the recovery codes of a user with two-factor login on; returns the new ones (shown once).</summary>
    /// <remarks>The routes check the password first. Raises <see cref="AuthEventKind.RecoveryCodesRegenerated"/>.</remarks>
    /// <exception cref="JustScaleException">400 <c>two_factor_not_enabled</c> when two-factor login is off.</exception>
    public async Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(Reference<User> user, CancellationToken cancellationToken = default)
    {
        if (!await IsEnabledAsync(user.Id, cancellationToken).ConfigureAwait(false))
        {
            throw new JustScaleException("Two-factor authentication is not enabled", 400, "two_factor_not_enabled");
        }

        return await Transactions.RunAsync(async ct =>
        {
            var codes = await ReplaceRecoveryCodesAsync(user, ct).ConfigureAwait(false);
            await RaiseAsync(AuthEventKind.RecoveryCodesRegenerated, user.Id, ct).ConfigureAwait(false);
            return codes;
        }, cancellationToken).ConfigureAwait(false);
    }

    private string OtpauthUri(string email, string secret)
    {
        var issuer = Uri.EscapeDataString(_options.Issuer);
        return $"otpauth://totp/{issuer}:{Uri.EscapeDataString(email)}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={Totp.Digits}&period={(int)Totp.Period.TotalSeconds}";
    }

    private async Task<IReadOnlyList<string>> ReplaceRecoveryCodesAsync(Reference<User> user, CancellationToken cancellationToken)
    {
        await _codes.DeleteWhereAsync(Filter<RecoveryCode>.Where(CodeUserField, user.Id), cancellationToken: cancellationToken).ConfigureAwait(false);
        var codes = new List<string>(_options.RecoveryCodeCount);
        while (codes.Count < _options.RecoveryCodeCount)
        {
            var code = RecoveryCodes.New();
            if (!codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        foreach (var code in codes)
        {
            var digest = RecoveryCodes.Digest(user.Id, RecoveryCodes.Normalize(code)!);
            await _codes.InsertAsync(new RecoveryCode { User = user, CodeHash = digest }, cancellationToken).ConfigureAwait(false);
        }

        return codes;
    }

    private Task<TwoFactorSecret?> FindAsync(Guid userId, CancellationToken cancellationToken) =>
        _secrets.FindOneAsync(Filter<TwoFactorSecret>.Where(UserField, userId), cancellationToken);

    private ValueTask RaiseAsync(AuthEventKind kind, Guid userId, CancellationToken cancellationToken) =>
        _events?.RaiseAsync(kind, userId, cancellationToken: cancellationToken) ?? ValueTask.CompletedTask;

    private static JustScaleException AlreadyEnabled() =>
        new("Two-factor authentication is already enabled; disable it first", 409, "two_factor_enabled");
}
