namespace JustScale.Auth;

/// <summary>Configures the audit trail (section <c>JustScale:Audit</c>): how long entries are kept and how often old ones are swept.</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section bound onto the options.</summary>
    public const string Section = "JustScale:Audit";

    /// <summary>Gets or sets how long entries are kept (<c>JustScale:Audit:Retention</c>, e.g. <c>90.00:00:00</c>); null keeps them forever. 365 days by default.</summary>
    public TimeSpan? Retention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Gets or sets how often the sweeper deletes entries older than <see cref="Retention"/> (<c>JustScale:Audit:SweepInterval</c>); one hour by default.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how many entries one sweep statement deletes at most, so no statement holds locks for long; 1,000 by default.</summary>
    public int SweepBatchSize { get; set; } = 1000;

    /// <summary>Gets or sets the largest page the routes and <see cref="AuditLog.ListAsync"/> return; 100 by default.</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>Gets or sets the prefix of the user's route (<c>GET {prefix}/activity</c>); <c>/account</c> by default.</summary>
    public string AccountPrefix { get; set; } = "/account";

    /// <summary>Gets or sets the prefix of the admin's route (<c>GET {prefix}/audit</c>, role <c>admin</c>); <c>/admin</c> by default.</summary>
    public string AdminPrefix { get; set; } = "/admin";

    /// <summary>Throws when a setting is out of range.</summary>
    internal void Validate()
    {
        if (Retention is { } retention && retention <= TimeSpan.Zero)
        {
            throw new ArgumentException("JustScale:Audit:Retention must be positive (or empty to keep entries forever).");
        }

        if (SweepInterval <= TimeSpan.Zero || SweepBatchSize < 1 || MaxPageSize < 1)
        {
            throw new ArgumentException("JustScale:Audit:SweepInterval, SweepBatchSize and MaxPageSize must be positive.");
        }
    }
}
