using Microsoft.EntityFrameworkCore;

namespace JustScale.Postgres.Tests.EntityFramework;

/// <summary>An app's own EF Core context, on the same database as JustScale.</summary>
public sealed class AuditDbContext(DbContextOptions<AuditDbContext> options) : DbContext(options)
{
    /// <summary>Gets the audit entries.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AuditEntry>().ToTable("audit_entries");
}
