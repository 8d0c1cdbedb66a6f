namespace JustScale.Permissions;

/// <summary>The built-in organization roles; any other valid role name is a custom role with a member's rights.</summary>
public static class OrganizationRoles
{
    /// <summary>Owns the organization: every right; the last owner cannot leave, be removed or be demoted.</summary>
    public const string Owner = "owner";

    /// <summary>Manages members and content, but not owners.</summary>
    public const string Admin = "admin";

    /// <summary>Sees and creates content.</summary>
    public const string Member = "member";

    /// <summary>Returns whether the role manages the organization (owner or admin).</summary>
    public static bool Manages(string role) => role is Owner or Admin;
}
