using System.Diagnostics;
using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Registers, authenticates and updates users (the docs' UserService).</summary>
/// <remarks>
/// Emails are trimmed and lowercased everywhere. Uniqueness comes from the database's unique constraint, so concurrent
/// registrations of one email make exactly one user. <see cref="AuthenticateAsync"/> runs one scrypt whether or not the
/// email exists, so its timing does not reveal registered emails.
/// </remarks>
/// <param name="users">The user repository.</param>
/// <param name="passwords">Hashing and the password policy.</param>
/// <param name="timeProvider">The clock.</param>
/// <param name="sessions">The sessions a password change or a disable revokes; without it (a service built by hand) they are kept.</param>
/// <param name="events">Where auth events go; none when null.</param>
/// <param name="options">The auth options (<see cref="AuthOptions.RevokeSessionsOnPasswordChange"/>); the defaults when null.</param>
/// <param name="unitOfWork">The transactions that make multi-row writes atomic; a <see cref="UnitOfWork"/> when null.</param>
public sealed partial class UserService(
    IRepository<User> users, PasswordService passwords, TimeProvider timeProvider,
    SessionService? sessions = null, AuthEvents? events = null, AuthOptions? options = null, IUnitOfWork? unitOfWork = null)
{
    private static readonly Field<User, string> EmailField = User.Model.Field(u => u.Email);
    private static readonly Field<User, string> PasswordHashField = User.Model.Field(u => u.PasswordHash);
    private static readonly Field<User, DateTimeOffset?> LastLoginAtField = User.Model.Field(u => u.LastLoginAt);
    private static readonly Field<User, DateTimeOffset?> EmailVerifiedAtField = User.Model.Field(u => u.EmailVerifiedAt);
    private static readonly Field<User, DateTimeOffset?> DisabledAtField = User.Model.Field(u => u.DisabledAt);

    private readonly IRepository<User> _users = users ?? throw new ArgumentNullException(nameof(users));
    private readonly PasswordService _passwords = passwords ?? throw new ArgumentNullException(nameof(passwords));
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    private readonly SessionService? _sessions = sessions;
    private readonly AuthEvents? _events = events;
    private readonly AuthOptions _options = options ?? new AuthOptions();
    private readonly IUnitOfWork _unitOfWork = unitOfWork ?? new UnitOfWork();
    private string? _dummyHash;

    /// <summary>Returns an email in the form it is stored and looked up in: trimmed, NFKC-normalised and lowercased.</summary>
    /// <remarks>NFKC makes lookalikes one address (fullwidth letters, decomposed accents): registering one of an existing
    /// account's lookalikes is a <see cref="UserExistsException"/>, logging in with one finds that account. Rows stored before
    /// NFKC were only lowercased: an address with such characters needs the same normalisation in the table (docs/security.md).</remarks>
    public static string NormalizeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return EmailAddresses.Normalize(email);
    }

    /// <summary>Registers a user with a hashed password.</summary>
    /// <exception cref="UserExistsException">The email is already registered.</exception>
    /// <exception cref="InvalidAuthInputException">The email is malformed or the password empty.</exception>
    /// <exception cref="PasswordTooLongException">The password exceeds 1024 UTF-8 bytes.</exception>
    /// <remarks>Counted in <c>justscale.auth.registrations</c>: succeeded when the user is created, failed when the email is taken.</remarks>
    public Task<User> RegisterAsync(string email, string password, string? name = null, CancellationToken cancellationToken = default) =>
        RegisterCoreAsync(
            email, password, name, async (user, ct) => await RaiseAsync(AuthEventKind.Registered, user.Id, ct).ConfigureAwait(false), // recorded with the user
            cancellationToken);

    /// <summary>Returns the user when the email and password match an enabled user, otherwise null; never throws for bad credentials.</summary>
    /// <remarks>
    /// Sets <see cref="User.LastLoginAt"/> on success, and re-hashes a password stored with outdated cost parameters.
    /// Counted in <c>justscale.auth.logins</c>: succeeded when a user is returned, failed when null is.
    /// </remarks>
    public async Task<User?> AuthenticateAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        using var activity = AuthActivities.Source.StartActivity(AuthActivities.Authenticate, ActivityKind.Internal);
        try
        {
            var (user, attempted) = await AuthenticateCoreAsync(email, password, cancellationToken).ConfigureAwait(false);
            _passwords.Metrics.Login(succeeded: user is not null);
            if (user is null)
            {
                // No change to record it with: recorded alone, on the account when the email is known (its owner sees it).
                await RaiseAsync(AuthEventKind.LoginFailed, attempted, cancellationToken).ConfigureAwait(false);
                AuthActivities.Refused(activity);
            }
            else
            {
                AuthActivities.Succeeded(activity, user.Id);
            }

            return user;
        }
        catch (Exception e) when (AuthActivities.Failed(activity, e))
        {
            throw; // unreachable: the filter only records the failure
        }
    }

    private async Task<User> RegisterCoreAsync(
        string email, string password, string? name, Func<User, CancellationToken, Task> inTransaction, CancellationToken cancellationToken)
    {
        using var activity = AuthActivities.Source.StartActivity(AuthActivities.Register, ActivityKind.Internal);
        try
        {
            var normalized = CheckEmail(email);
            _passwords.EnsureAcceptable(password);
            if (name is not null && name.Length > 100 && name.EnumerateRunes().Count() > 100)
            {
                throw new InvalidAuthInputException("Name exceeds 100 characters", "name_too_long");
            }

            // Before any hashing, and in the client's terms: a NUL would otherwise fail at the INSERT, after scrypt ran.
            if (name is not null && (name.Any(char.IsControl) || !EmailAddresses.IsValidUnicode(name)))
            {
                throw new InvalidAuthInputException("name must be text without control characters", "invalid_name");
            }

            // A cheap pre-check spares scrypt for known emails; the unique constraint below settles races.
            if (await _users.FindOneAsync(Filter<User>.Where(EmailField, normalized), cancellationToken).ConfigureAwait(false) is not null)
            {
                _passwords.Metrics.Registration(succeeded: false);
                throw new UserExistsException(normalized);
            }

            var user = new User
            {
                Email = normalized,
                Name = name,
                PasswordHash = await _passwords.HashAsync(password, cancellationToken).ConfigureAwait(false),
                Roles = UserRoles.IsConfiguredAdmin(normalized, _options) ? [UserRoles.Admin] : null, // JustScale:Auth:Admins
            };
            try
            {
                // The user and the first session commit together: a failure between them (the store went away) leaves no user
                // behind that the client was told nothing about. The hash is made before, so no connection waits on scrypt.
                var transaction = await _unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
                await using var transactionScope = transaction.ConfigureAwait(false);
                await _users.InsertAsync(user, cancellationToken).ConfigureAwait(false);
                await inTransaction(user, cancellationToken).ConfigureAwait(false); // the event, and the first session if asked
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                _passwords.Metrics.Registration(succeeded: true);
                AuthActivities.Succeeded(activity, user.Id);
                return user;
            }
            catch (UniqueConstraintException e) when (e.Field == EmailField.Name)
            {
                _passwords.Metrics.Registration(succeeded: false);
                throw new UserExistsException(normalized, e);
            }
        }
        catch (Exception e) when (AuthActivities.Failed(activity, e))
        {
            throw; // unreachable: the filter only records the failure
        }
    }

    // Returns the user on success; otherwise null and the id of the account tried, when the email is registered.
    private async Task<(User? User, Guid? Attempted)> AuthenticateCoreAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        if (email is null || password is null)
        {
            return (null, null);
        }

        var user = await FindNormalizedAsync(NormalizeEmail(email), cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            await _passwords.VerifyAsync(password, await DummyHashAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return (null, null);
        }

        if (!await _passwords.VerifyAsync(password, user.PasswordHash, cancellationToken).ConfigureAwait(false)
            || (user.DisabledAt is not null && !await LiftEndedBanAsync(user, cancellationToken).ConfigureAwait(false)))
        {
            return (null, user.Id);
        }

        var now = Timestamps.Now(_time);
        var changes = Changes<User>.Of(LastLoginAtField, now);
        if (_passwords.NeedsRehash(user.PasswordHash))
        {
            user.PasswordHash = await _passwords.HashAsync(password, cancellationToken).ConfigureAwait(false);
            changes = changes.Set(PasswordHashField, user.PasswordHash);
        }

        // The login time and its records commit together (the password was checked before: no connection waits on scrypt).
        await RecordedAsync(async ct =>
        {
            await _users.UpdateWhereAsync(Filter<User>.Where(User.Model.Id, user.Id), changes, ct).ConfigureAwait(false);
            return await RaiseAsync(AuthEventKind.LoginSucceeded, user.Id, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        user.LastLoginAt = now;
        return (user, user.Id);
    }

    /// <summary>Finds a user by id, or null.</summary>
    public Task<User?> FindByIdAsync(Guid id, CancellationToken cancellationToken = default) => _users.GetAsync(id, cancellationToken);

    /// <summary>Finds a user by email (normalised first), or null.</summary>
    public Task<User?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) =>
        FindNormalizedAsync(NormalizeEmail(email), cancellationToken);

    /// <summary>Replaces a user's password (checked against the policy); false when the user does not exist.</summary>
    /// <remarks>Every session of the user is revoked, unless <see cref="AuthOptions.RevokeSessionsOnPasswordChange"/> is off:
    /// whoever knew the old password must not stay logged in. To keep the caller's own session, use <see cref="ChangePasswordAsync"/>.</remarks>
    /// <exception cref="InvalidAuthInputException">The new password breaks the policy (<see cref="PasswordService.EnsureAcceptable"/>).</exception>
    public async Task<bool> UpdatePasswordAsync(Guid userId, string newPassword, CancellationToken cancellationToken = default) =>
        await ChangePasswordAsync(userId, newPassword, keepSessionId: null, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Replaces a user's password and revokes their other sessions, keeping <paramref name="keepSessionId"/>; returns how many were revoked, or null when the user does not exist.</summary>
    /// <remarks>Pass <c>ctx.Session.Id</c> to keep the caller logged in. Revocation follows <see cref="AuthOptions.RevokeSessionsOnPasswordChange"/>.
    /// Raises <see cref="AuthEventKind.PasswordChanged"/>.</remarks>
    /// <exception cref="InvalidAuthInputException">The new password breaks the policy.</exception>
    public Task<int?> ChangePasswordAsync(Guid userId, string newPassword, Guid? keepSessionId, CancellationToken cancellationToken = default) =>
        SetPasswordAsync(userId, newPassword, keepSessionId, AuthEventKind.PasswordChanged, _options.RevokeSessionsOnPasswordChange, cancellationToken);

    /// <summary>Sets a new password after a reset (the token already consumed): every session of the user is revoked, whatever
    /// <see cref="AuthOptions.RevokeSessionsOnPasswordChange"/> says; null when the user does not exist.</summary>
    /// <remarks>A reset means the password may be known to someone else: no session made with it survives.</remarks>
    /// <exception cref="InvalidAuthInputException">The new password breaks the policy.</exception>
    public Task<int?> ResetPasswordAsync(Guid userId, string newPassword, CancellationToken cancellationToken = default) =>
        SetPasswordAsync(userId, newPassword, keepSessionId: null, AuthEventKind.PasswordReset, revokeSessions: true, cancellationToken);

    /// <summary>Marks a user's email as verified now; false when the user does not exist.</summary>
    public Task<bool> VerifyEmailAsync(Guid userId, CancellationToken cancellationToken = default) =>
        SetAndRaiseAsync(userId, Changes<User>.Of(EmailVerifiedAtField, Timestamps.Now(_time)), AuthEventKind.EmailVerified, cancellationToken);

    /// <summary>Disables a user: they cannot log in, and every session they have is revoked; false when the user does not exist.</summary>
    /// <remarks>Enabling them again (<see cref="EnableAsync"/>) brings no old session back: they log in anew.</remarks>
    public Task<bool> DisableAsync(Guid userId, CancellationToken cancellationToken = default) =>
        DisableCoreAsync(userId, Changes<User>.Of(DisabledAtField, Timestamps.Now(_time)), AuthEventKind.UserDisabled, cancellationToken);

    /// <summary>Enables a disabled user again; false when the user does not exist.</summary>
    public Task<bool> EnableAsync(Guid userId, CancellationToken cancellationToken = default) =>
        SetAndRaiseAsync(userId, Changes<User>.Of(DisabledAtField, null), AuthEventKind.UserEnabled, cancellationToken);

    // Disables the user (a ban is a disable with a reason and an end) and revokes every session, with the event, in one transaction.
    // A return commits, nothing written or not: an enclosing transaction goes on.
    private Task<bool> DisableCoreAsync(Guid userId, Changes<User> changes, AuthEventKind kind, CancellationToken cancellationToken) =>
        _unitOfWork.RunAsync(async ct =>
        {
            if (!await SetAsync(userId, changes, ct).ConfigureAwait(false))
            {
                return false;
            }

            if (_sessions is not null)
            {
                await _sessions.RevokeAllForUserAsync(new Reference<User>(userId), cancellationToken: ct).ConfigureAwait(false);
            }

            return await RaiseAsync(kind, userId, ct).ConfigureAwait(false);
        }, cancellationToken);

    private async Task<int?> SetPasswordAsync(
        Guid userId, string newPassword, Guid? keepSessionId, AuthEventKind kind, bool revokeSessions, CancellationToken cancellationToken)
    {
        _passwords.EnsureAcceptable(newPassword);
        var hash = await _passwords.HashAsync(newPassword, cancellationToken).ConfigureAwait(false);
        return await _unitOfWork.RunAsync<int?>(async ct => // the new hash and the revocation commit together: never a new password with the old sessions
        {
            if (!await SetAsync(userId, Changes<User>.Of(PasswordHashField, hash), ct).ConfigureAwait(false))
            {
                return null;
            }

            var revoked = _sessions is null || !revokeSessions ? 0
                : keepSessionId is { } keep ? await _sessions.RevokeOthersAsync(new Reference<User>(userId), keep, ct).ConfigureAwait(false)
                : await _sessions.RevokeAllForUserAsync(new Reference<User>(userId), cancellationToken: ct).ConfigureAwait(false);
            await RaiseAsync(kind, userId, ct).ConfigureAwait(false); // recorded with the new hash
            return revoked;
        }, cancellationToken).ConfigureAwait(false);
    }

    // Writes the changes and raises the event in one transaction (the event's records commit with the change); false when the user does not exist.
    private Task<bool> SetAndRaiseAsync(Guid userId, Changes<User> changes, AuthEventKind kind, CancellationToken cancellationToken) =>
        RecordedAsync(
            async ct => await SetAsync(userId, changes, ct).ConfigureAwait(false) && await RaiseAsync(kind, userId, ct).ConfigureAwait(false),
            cancellationToken);

    // Runs a change and its event in one transaction when the event is recorded (audit trail, webhook outbox); plainly otherwise.
    private Task<T> RecordedAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        _events is { Records: true } ? _unitOfWork.RunAsync(work, cancellationToken) : work(cancellationToken);

    private async ValueTask<bool> RaiseAsync(AuthEventKind kind, Guid? userId, CancellationToken cancellationToken)
    {
        await (_events?.RaiseAsync(kind, userId, cancellationToken: cancellationToken) ?? ValueTask.CompletedTask).ConfigureAwait(false);
        return true;
    }

    /// <summary>Returns a hash of a random password, made once with the configured cost, to verify against for unknown emails.</summary>
    /// <remarks>Not cached until it succeeds, so an overloaded first attempt does not break later logins.</remarks>
    private async Task<string> DummyHashAsync(CancellationToken cancellationToken) =>
        _dummyHash ??= await _passwords.HashAsync(
            Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), cancellationToken).ConfigureAwait(false);

    /// <summary>Looks a normalised email up; one with a NUL character belongs to no one, so the store is not asked.</summary>
    /// <remarks>No stored email holds NUL (registration refuses control characters, PostgreSQL text cannot hold it), and
    /// PostgreSQL refuses it even as a query parameter, which would turn a failed login into a store error.</remarks>
    private Task<User?> FindNormalizedAsync(string normalized, CancellationToken cancellationToken) =>
        normalized.Contains('\0', StringComparison.Ordinal)
            ? Task.FromResult<User?>(null)
            : _users.FindOneAsync(Filter<User>.Where(EmailField, normalized), cancellationToken);

    private async Task<bool> SetAsync(Guid userId, Changes<User> changes, CancellationToken cancellationToken)
    {
        var written = await _users.UpdateWhereAsync(Filter<User>.Where(User.Model.Id, userId), changes, cancellationToken).ConfigureAwait(false) > 0;
        _sessions?.Forget(userId); // this process's cached sessions at once; the change feed tells the others
        return written;
    }

    private static string CheckEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            throw new InvalidAuthInputException("Email required", "email_required");
        }

        var normalized = NormalizeEmail(email);
        var valid = normalized.Length <= 255 // one '@' with text on both sides: IsWellFormed refuses an '@' in the local part
            && EmailAddresses.HasOnlyVisibleCharacters(normalized)
            && EmailAddresses.IsWellFormed(normalized);
        return valid ? normalized : throw new InvalidAuthInputException("Invalid email", "invalid_email");
    }
}
