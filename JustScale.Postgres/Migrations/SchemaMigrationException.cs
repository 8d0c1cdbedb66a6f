using JustScale.Core;

namespace JustScale.Postgres;

/// <summary>Reports that the database schema differs from the models in a way the start will not fix on its own.</summary>
/// <remarks>The message names each table and column, the type found and the type expected, and the SQL to review and run.</remarks>
public sealed class SchemaMigrationException : JustScaleException
{
    /// <summary>Creates the exception for a plan and a message.</summary>
    public SchemaMigrationException(SchemaPlan plan, string message)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Plan = plan;
    }

    /// <summary>Gets the plan that was refused: its conflicts, and the additive changes that were not applied.</summary>
    public SchemaPlan Plan { get; }
}
