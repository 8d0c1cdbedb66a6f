namespace JustScale.Permissions;

/// <summary>Configures the admin API.</summary>
public sealed class AdminOptions
{
    /// <summary>Gets or sets the routes' prefix; <c>/admin</c> by default.</summary>
    public string Prefix { get; set; } = "/admin";

    /// <summary>Gets or sets the lifetime of an impersonation session; 1 hour by default.</summary>
    public TimeSpan ImpersonationTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the largest page of <c>GET /admin/users</c>; 100 by default.</summary>
    public int MaxPageSize { get; set; } = 100;
}
