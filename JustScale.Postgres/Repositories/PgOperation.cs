namespace JustScale.Postgres;

/// <summary>Lists the repository operations, each traced as its own activity.</summary>
internal enum PgOperation
{
    /// <summary>Inserts one row.</summary>
    Insert,

    /// <summary>Reads one row by id.</summary>
    Get,

    /// <summary>Reads the first row matching a filter.</summary>
    Find,

    /// <summary>Reads the rows matching a filter.</summary>
    FindMany,

    /// <summary>Reads the first row matching a filter together with the row it references.</summary>
    FindWith,

    /// <summary>Reads the rows matching a filter together with the rows they reference.</summary>
    FindManyWith,

    /// <summary>Writes one entity by id.</summary>
    Update,

    /// <summary>Changes fields of the rows matching a filter.</summary>
    UpdateWhere,

    /// <summary>Adds to a counter of the rows matching a filter, returning them.</summary>
    IncrementWhere,

    /// <summary>Deletes one row by id.</summary>
    Delete,

    /// <summary>Deletes the rows matching a filter.</summary>
    DeleteWhere,

    /// <summary>Counts the rows matching a filter.</summary>
    Count,
}
