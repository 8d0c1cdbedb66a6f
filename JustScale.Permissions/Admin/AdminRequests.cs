namespace JustScale.Permissions;

/// <summary>The body of <c>POST /admin/users/:userId/ban</c>.</summary>
public sealed record BanRequest
{
    /// <summary>Gets why the user is banned (1 to 500 characters).</summary>
    public required string Reason { get; init; }

    /// <summary>Gets when the ban ends, or null for no end.</summary>
    public DateTimeOffset? Until { get; init; }
}

/// <summary>The body of <c>PUT /admin/users/:userId/roles</c>.</summary>
public sealed record SetRolesRequest
{
    /// <summary>Gets the user's new global roles (replacing the old ones).</summary>
    public required IReadOnlyList<string> Roles { get; init; }
}
