using JustScale.Core;

namespace JustScale.Auth;

/// <content>Accounts without a password: made by a sign-in method that proves something else (a mailed link, a passkey, an identity provider).</content>
public sealed partial class UserService
{
    /// <summary>Registers a user who has no password (an empty <see cref="User.PasswordHash"/>, which no password ever matches).</summary>
    /// <remarks>
    /// For sign-in methods that need no password: a mailed link, a passkey, an OpenID Connect provider. With
    /// <paramref name="emailVerified"/> the address counts as verified from the start, which only a caller that has proven it
    /// (the link was opened, the provider vouches for it) may claim. The user can set a password later through the reset flow.
    /// </remarks>
    /// <exception cref="UserExistsException">The email is already registered.</exception>
    /// <exception cref="InvalidAuthInputException">The email is malformed or the name too long.</exception>
    public async Task<User> RegisterPasswordlessAsync(string email, string? name, bool emailVerified, CancellationToken cancellationToken = default)
    {
        var normalized = CheckEmail(email);
        if (name is not null && (name.EnumerateRunes().Count() > 100 || name.Any(char.IsControl) || !EmailAddresses.IsValidUnicode(name)))
        {
            throw new InvalidAuthInputException("name must be text of at most 100 characters without control characters", "invalid_name");
        }

        var user = new User { Email = normalized, Name = name, PasswordHash = "", EmailVerifiedAt = emailVerified ? Timestamps.Now(_time) : null };
        try
        {
            await _unitOfWork.RunAsync(async ct =>
            {
                await _users.InsertAsync(user, ct).ConfigureAwait(false);
                await RaiseAsync(AuthEventKind.Registered, user.Id, ct).ConfigureAwait(false); // recorded with the user
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (UniqueConstraintException e) when (e.Field == EmailField.Name)
        {
            _passwords.Metrics.Registration(succeeded: false);
            throw new UserExistsException(normalized, e);
        }

        _passwords.Metrics.Registration(succeeded: true);
        return user;
    }

    /// <summary>Returns whether the user can sign in with a password (one was ever set).</summary>
    public static bool HasPassword(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.PasswordHash.Length > 0;
    }
}
