using JustScale.Auth;

namespace JustScale.Permissions;

/// <summary>The built-in principal kinds: every caller is <see cref="Everyone"/>, an authenticated one is also its <see cref="User"/>.</summary>
public static class Principals
{
    /// <summary>Gets the kind every caller holds, authenticated or not.</summary>
    public static PrincipalKind Everyone { get; } = new("everyone");

    /// <summary>Gets the kind of the authenticated user, carrying the user's id.</summary>
    public static PrincipalKind<User> User { get; } = new("user");
}
