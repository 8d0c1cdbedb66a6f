namespace JustScale.Postgres;

/// <summary>Writes the trigger DDL that makes a table publish its updates and deletes on <see cref="PgChangeFeed.Channel"/>.</summary>
/// <remarks>
/// A row trigger calls <c>pg_notify</c> inside the writing transaction, so the notification is sent when, and only when,
/// the write commits, whoever wrote it: a repository, a cascade from a deleted user, a migration or manual SQL. The
/// payload is <c>table:id</c>, never a column value. The trigger fires on every update and the function skips one that
/// changed only ignored columns (passed as trigger arguments, compared as <c>to_jsonb(OLD) - ignored</c>): an
/// <c>UPDATE OF &lt;columns&gt;</c> trigger would make those columns depend on it, and a column dropped behind the app's
/// back (which migrations then add again) could not be dropped.
/// </remarks>
internal static class PgChangeTrigger
{
    /// <summary>The trigger function, shared by every notifying table of a schema.</summary>
    public const string FunctionName = "justscale_notify_change";

    /// <summary>Returns the column names of the ignored fields, whose update alone notifies nobody.</summary>
    /// <exception cref="ArgumentException">An ignored field is not a field of the model.</exception>
    public static IReadOnlyList<string> IgnoredColumns<T>(PgModel<T> model, IReadOnlyList<string> ignoredFields) where T : Core.Entity, new()
    {
        ArgumentNullException.ThrowIfNull(ignoredFields);
        var ignored = ignoredFields.Select(name => (model.Columns.FirstOrDefault(c => c.Field.Name == name)
            ?? throw new ArgumentException($"NotifyIgnoredFields names {name}, which is not a field of {model.ModelName}.", nameof(ignoredFields))).Name);
        return [.. ignored.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Returns the statements that create the function (or replace it with the same body) and the table's trigger when missing.</summary>
    public static IReadOnlyList<string> Statements(string table, IReadOnlyList<string> ignoredColumns)
    {
        var arguments = string.Join(", ", ignoredColumns.Select(c => "'" + c.Replace("'", "''", StringComparison.Ordinal) + "'"));
        var trigger = SqlNames.Truncate("justscale_notify_" + table); // the existence check and the created trigger agree on the cut name
        var quoted = SqlNames.Quote(table);
        return
        [
            $"""
            CREATE OR REPLACE FUNCTION {FunctionName}() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
              IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) - TG_ARGV) = (to_jsonb(NEW) - TG_ARGV) THEN
                RETURN NULL;
              END IF;
              PERFORM pg_notify('{PgChangeFeed.Channel}', TG_TABLE_NAME || ':' || OLD.id::text);
              RETURN NULL;
            END
            $fn$
            """,
            $"""
            DO $do$
            BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = '{quoted}'::regclass AND tgname = '{trigger}') THEN
                CREATE TRIGGER {trigger} AFTER UPDATE OR DELETE ON {quoted}
                  FOR EACH ROW EXECUTE FUNCTION {FunctionName}({arguments});
              END IF;
            END
            $do$
            """,
        ];
    }
}
