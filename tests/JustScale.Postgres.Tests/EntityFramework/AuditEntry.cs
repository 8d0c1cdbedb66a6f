namespace JustScale.Postgres.Tests.EntityFramework;

/// <summary>A row an app keeps with EF Core beside JustScale's tables.</summary>
public sealed class AuditEntry
{
    /// <summary>Gets or sets the key.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets what happened.</summary>
    public string Action { get; set; } = "";

    /// <summary>Gets or sets the id of the JustScale user it concerns.</summary>
    public Guid UserId { get; set; }
}
