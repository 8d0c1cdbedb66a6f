namespace JustScale.Auth;

/// <summary>Carries the body of <c>POST /account/password/change</c>: the current password and the new one.</summary>
public sealed record ChangePasswordRequest
{
    /// <summary>Gets the current password, which proves the caller is the account's owner and not just its session.</summary>
    public required string CurrentPassword { get; init; }

    /// <summary>Gets the new password.</summary>
    public required string NewPassword { get; init; }
}
