using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Reports a registration with an email that is already registered (the docs' UserExistsError); HTTP 409.</summary>
/// <param name="email">The normalised email.</param>
/// <param name="innerException">The store's unique-constraint violation, when that is how it was found.</param>
public sealed class UserExistsException(string email, Exception? innerException = null)
    : JustScaleException($"User with email {email} already exists", 409, "user_exists", innerException)
{
    /// <summary>Gets the normalised email that is taken.</summary>
    public string Email { get; } = email;
}
