using System.CommandLine;
using JustScale.Auth;

namespace JustScale.Cli;

/// <summary>The <c>audit</c> command: a page of the audit trail, newest first, through <see cref="AuditLog.ListAsync"/> (one index scan).</summary>
internal static class AuditCommand
{
    public static Command Create(CliGlobals globals)
    {
        var user = new Option<string?>("--user", "-u") { Description = "Only this user's events (email); default: every user's." };
        var type = new Option<string?>("--type", "-t") { Description = "Only events of this type, such as auth.login_failed." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Only events at or after this time (ISO 8601)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Only events before this time (ISO 8601)." };
        var limit = new Option<int>("--limit", "-n") { Description = "The most events to list (1 to 100).", DefaultValueFactory = _ => 50 };
        var after = new Option<string?>("--after") { Description = "Continue after this cursor (printed when more events match)." };
        type.Validators.Add(result =>
        {
            if (result.Tokens is [{ } token] && !AuthEventTypes.IsKnown(token.Value))
            {
                result.AddError($"--type must be one of: {string.Join(", ", AuthEventTypes.All)}.");
            }
        });
        var command = new Command("audit", "Lists the audit trail, newest first: what happened to an account, when, from where, by whom.")
        {
            user, type, from, to, limit, after,
        };
        globals.Run(command, CliParts.Audit, async (parsed, cluster, cancellationToken) =>
        {
            Guid? userId = parsed.GetValue(user) is { } email ? (await UsersCommands.FindAsync(cluster, email, cancellationToken).ConfigureAwait(false)).Id : null;
            var page = await cluster.Resolve<AuditLog>().ListAsync(new AuditQuery
            {
                UserId = userId,
                Type = parsed.GetValue(type),
                From = parsed.GetValue(from),
                To = parsed.GetValue(to),
                Limit = parsed.GetValue(limit),
                Cursor = parsed.GetValue(after),
            }, cancellationToken).ConfigureAwait(false);
            var items = page.Items.Select(e => new
            {
                id = e.Id, type = e.Type, occurredAt = e.OccurredAt, userId = e.UserId, ipAddress = e.IpAddress, userAgent = e.UserAgent,
                actorId = e.ActorId, sessionId = e.SessionId, count = e.Count,
            }).ToList();
            var table = new TextTable("TIME", "TYPE", "USER", "IP", "ACTOR", "SESSION", "COUNT", "USER AGENT");
            foreach (var entry in items)
            {
                table.Add(entry.occurredAt, entry.type, entry.userId, entry.ipAddress, entry.actorId, entry.sessionId, entry.count, entry.userAgent);
            }

            return await UsersCommands.ListedAsync(globals, parsed, new { items, nextCursor = page.NextCursor }, table,
                page.NextCursor is { } next ? $"More events match: add --after {next}" : null).ConfigureAwait(false);
        });
        return command;
    }
}
