namespace JustScale.Auth;

// The policy for new passwords: length first (cheap, no scrypt), then the app's own check.
public sealed partial class PasswordService
{
    private readonly int _minLength;
    private readonly Func<string, string?>? _validator;
    private readonly bool _refuseCommon;

    /// <summary>Checks a new password against the policy: at least <see cref="PasswordOptions.MinLength"/> characters, at most 1024 bytes, not a common password, and the app's <see cref="PasswordOptions.Validator"/>.</summary>
    /// <remarks>UserService calls it for registration, reset and change; login never does.</remarks>
    /// <exception cref="InvalidAuthInputException">The password is empty (<c>password_required</c>), too short (<c>password_too_short</c>), common (<c>password_too_common</c>) or refused by the validator (<c>password_rejected</c>).</exception>
    /// <exception cref="PasswordTooLongException">The password exceeds 1024 UTF-8 bytes.</exception>
    public void EnsureAcceptable(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidAuthInputException("Password required", "password_required");
        }

        if (IsTooLong(password))
        {
            throw new PasswordTooLongException();
        }

        if (password.Length < _minLength || password.EnumerateRunes().Count() < _minLength)
        {
            throw new InvalidAuthInputException($"Password must be at least {_minLength} characters", "password_too_short");
        }

        if (_refuseCommon && CommonPasswords.Contains(password))
        {
            throw new InvalidAuthInputException("Password is too common: choose one that is not on the list of common passwords", "password_too_common");
        }

        if (_validator?.Invoke(password) is { } refusal)
        {
            throw new InvalidAuthInputException(refusal, "password_rejected");
        }
    }
}
