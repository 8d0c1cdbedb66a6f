using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Reports a registration with an email that is already registered (the docs' UserExistsError); HTTP 409.</summary>
public sealed class UserExistsException : JustScaleException
{
    /// <summary>Creates the exception for a normalised email.</summary>
    public UserExistsException(string email, Exception? innerException = null)
        : base($"User with email {email} already exists", 409, "user_exists", innerException)
    {
        Email = email;
    }

    /// <summary>Gets the normalised email that is taken.</summary>
    public string Email { get; }
}
