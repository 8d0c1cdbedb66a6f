using System.Diagnostics;

namespace JustScale.Postgres;

/// <content>Tracing: one activity per call on <see cref="PostgresTelemetry.Name"/>, nothing at all without a listener.</content>
public sealed partial class PgRepository<T>
{
    private const string SystemTag = "db.system.name";
    private const string CollectionTag = "db.collection.name";
    private const string OperationTag = "db.operation.name";
    private const string RepositoryOperationTag = "justscale.postgres.operation";

    // Built once per repository, so a traced call allocates no name.
    private string[]? _activityNames;

    /// <summary>Starts the call's activity, or returns null (the usual case) when nobody listens.</summary>
    private Activity? StartActivity(PgOperation operation)
    {
        if (!PostgresTelemetry.Source.HasListeners())
        {
            return null;
        }

        var names = _activityNames ??= Enum.GetValues<PgOperation>().Select(op => $"justscale.postgres {NameOf(op)} {_pg.Table}").ToArray();
        var activity = PostgresTelemetry.Source.StartActivity(names[(int)operation], ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SystemTag, "postgresql");
            activity.SetTag(CollectionTag, _pg.Table);
            activity.SetTag(OperationTag, SqlVerbOf(operation));
            activity.SetTag(RepositoryOperationTag, NameOf(operation));
        }

        return activity;
    }

    /// <summary>Marks the activity failed with the (translated) exception's type; returns false, to serve as a filter that never catches.</summary>
    /// <remarks>The message is left out: a unique violation's detail can quote the duplicate value.</remarks>
    private static bool Failed(Activity? activity, Exception exception)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error);
            activity.SetTag("error.type", exception.GetType().FullName);
        }

        return false;
    }

    private static string NameOf(PgOperation operation) => operation switch
    {
        PgOperation.Insert => "insert",
        PgOperation.Get => "get",
        PgOperation.Find => "find",
        PgOperation.FindMany => "find_many",
        PgOperation.FindWith => "find_with",
        PgOperation.FindManyWith => "find_many_with",
        PgOperation.Update => "update",
        PgOperation.UpdateWhere => "update_where",
        PgOperation.IncrementWhere => "increment_where",
        PgOperation.Delete => "delete",
        PgOperation.DeleteWhere => "delete_where",
        PgOperation.Count => "count",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    private static string SqlVerbOf(PgOperation operation) => operation switch
    {
        PgOperation.Insert => "INSERT",
        PgOperation.Update or PgOperation.UpdateWhere or PgOperation.IncrementWhere => "UPDATE",
        PgOperation.Delete or PgOperation.DeleteWhere => "DELETE",
        _ => "SELECT",
    };
}
