using System.CommandLine;
using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Cli;

/// <summary>The <c>sessions</c> commands: list and revoke a user's sessions through <see cref="SessionService"/>.</summary>
/// <remarks>A revoke deletes the rows; the <c>sessions</c> table's trigger notifies every running instance in the same commit,
/// and their session caches drop the sessions at once (docs/design/session-cache.md).</remarks>
internal static class SessionsCommands
{
    public static Command Create(CliGlobals globals) => new("sessions", "Lists and revokes a user's sessions.") { List(globals), Revoke(globals) };

    private static Option<string> UserOption() => new("--user", "-u") { Description = "The user's email.", Required = true };

    private static Command List(CliGlobals globals)
    {
        var user = UserOption();
        var command = new Command("list", "Lists a user's live sessions, newest first (never their tokens).") { user };
        globals.Run(command, CliParts.Users, async (parsed, cluster, cancellationToken) =>
        {
            var found = await UsersCommands.FindAsync(cluster, parsed.GetValue(user)!, cancellationToken).ConfigureAwait(false);
            var list = await cluster.Resolve<SessionService>().ListForUserAsync(found, cancellationToken).ConfigureAwait(false);
            var views = list.Select(SessionView.Of).ToList();
            var table = new TextTable("ID", "CREATED", "LAST ACTIVE", "EXPIRES", "IP", "IMPERSONATED BY", "USER AGENT");
            foreach (var session in views)
            {
                table.Add(session.Id, session.CreatedAt, session.LastActiveAt, session.ExpiresAt, session.IpAddress, session.ImpersonatedBy, session.UserAgent);
            }

            return await UsersCommands.ListedAsync(globals, parsed, new { sessions = views }, table).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Revoke(CliGlobals globals)
    {
        var user = UserOption();
        var id = new Option<Guid?>("--id") { Description = "Revoke only this session (an id from 'sessions list'); default: every session of the user." };
        var command = new Command("revoke", "Revokes a user's sessions; running instances refuse them at once.") { user, id };
        globals.Run(command, CliParts.Users, async (parsed, cluster, cancellationToken) =>
        {
            var found = await UsersCommands.FindAsync(cluster, parsed.GetValue(user)!, cancellationToken).ConfigureAwait(false);
            var sessions = cluster.Resolve<SessionService>();
            int revoked;
            if (parsed.GetValue(id) is { } sessionId)
            {
                revoked = await sessions.RevokeForUserAsync(found, sessionId, cancellationToken).ConfigureAwait(false) ? 1
                    : throw new CliException($"{found.Email} has no session {sessionId}.");
            }
            else
            {
                revoked = await sessions.RevokeAllForUserAsync(found, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return await UsersCommands.DoneAsync(globals, parsed, new { email = found.Email, revoked },
                $"Revoked {revoked} session{(revoked == 1 ? "" : "s")} of {found.Email}.").ConfigureAwait(false);
        });
        return command;
    }
}
