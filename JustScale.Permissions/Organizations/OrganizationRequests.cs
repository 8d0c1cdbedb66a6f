namespace JustScale.Permissions;

/// <summary>The body of <c>POST /orgs</c>.</summary>
public sealed record CreateOrganizationRequest
{
    /// <summary>Gets the organization's name.</summary>
    public required string Name { get; init; }
}

/// <summary>The body of <c>POST /orgs/:orgId/invitations</c>.</summary>
public sealed record InviteRequest
{
    /// <summary>Gets the invited email.</summary>
    public required string Email { get; init; }

    /// <summary>Gets the role the invitee gets; <c>member</c> when absent.</summary>
    public string? Role { get; init; }
}

/// <summary>The body of <c>POST /orgs/invitations/accept</c>.</summary>
public sealed record AcceptInvitationRequest
{
    /// <summary>Gets the token from the invitation mail.</summary>
    public required string Token { get; init; }
}

/// <summary>The body of <c>PATCH /orgs/:orgId/members/:userId</c>.</summary>
public sealed record ChangeRoleRequest
{
    /// <summary>Gets the new role.</summary>
    public required string Role { get; init; }
}
