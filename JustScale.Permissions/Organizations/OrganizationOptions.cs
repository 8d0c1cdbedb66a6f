namespace JustScale.Permissions;

/// <summary>Configures organizations: where their routes live and how long invitations last.</summary>
public sealed class OrganizationOptions
{
    /// <summary>Gets or sets the routes' prefix; <c>/orgs</c> by default.</summary>
    public string Prefix { get; set; } = "/orgs";

    /// <summary>Gets or sets how long an invitation can be accepted; 7 days by default.</summary>
    public TimeSpan InvitationTtl { get; set; } = TimeSpan.FromDays(7);
}
