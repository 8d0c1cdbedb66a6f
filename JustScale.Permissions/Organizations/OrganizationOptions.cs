namespace JustScale.Permissions;

/// <summary>Configures organizations: where their routes live and how long invitations last.</summary>
public sealed class OrganizationOptions
{
    /// <summary>Gets or sets the routes' prefix; <c>/orgs</c> by default.</summary>
    public string Prefix { get; set; } = "/orgs";

    /// <summary>Gets or sets how long an invitation can be accepted; 7 days by default.</summary>
    public TimeSpan InvitationTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how long guards may answer from the per-process membership cache (only with a change feed covering
    /// memberships); 5 minutes by default, zero turns the cache off.</summary>
    public TimeSpan MembershipCacheMaxAge { get; set; } = TimeSpan.FromMinutes(5);
}
