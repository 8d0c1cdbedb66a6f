using System.CommandLine;
using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Cli;

/// <summary>The <c>users</c> commands: list, create, ban, unban, set-roles, through <see cref="UserService"/>.</summary>
internal static class UsersCommands
{
    public static Command Create(CliGlobals globals) => new("users", "Lists, creates, bans and unbans users and sets their global roles.")
    {
        List(globals), UsersCreateCommand.Create(globals), Ban(globals), Unban(globals), SetRoles(globals),
    };

    /// <summary>Returns the user with the email, or fails with exit code 1 naming it.</summary>
    public static async Task<User> FindAsync(Cluster cluster, string email, CancellationToken cancellationToken) =>
        await cluster.Resolve<UserService>().FindByEmailAsync(email, cancellationToken).ConfigureAwait(false)
            ?? throw CliException.UserNotFound(UserService.NormalizeEmail(email));

    private static Command List(CliGlobals globals)
    {
        var search = new Option<string?>("--search", "-s") { Description = "Only users whose email or name contains this text." };
        var limit = new Option<int>("--limit", "-n") { Description = "The most users to list (1 to 1000).", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(result =>
        {
            if (result.Tokens is [{ } token] && int.TryParse(token.Value, out var value) && value is < 1 or > 1000)
            {
                result.AddError("--limit must be from 1 to 1000.");
            }
        });
        var after = new Option<string?>("--after") { Description = "Continue after this cursor (printed when more users match)." };
        var command = new Command("list", "Lists users by email, with their roles and status.") { search, limit, after };
        globals.Run(command, CliParts.Users, async (parsed, cluster, cancellationToken) =>
        {
            var (found, next) = await cluster.Resolve<UserService>()
                .SearchAsync(parsed.GetValue(search), parsed.GetValue(limit), parsed.GetValue(after), cancellationToken).ConfigureAwait(false);
            var views = found.Select(UserView.Of).ToList();
            var table = new TextTable("EMAIL", "NAME", "ROLES", "STATUS", "VERIFIED", "LAST LOGIN", "CREATED", "ID");
            foreach (var user in views)
            {
                table.Add(user.Email, user.Name, string.Join(',', user.Roles), user.Status, user.EmailVerified ? "yes" : "no", user.LastLoginAt, user.CreatedAt, user.Id);
            }

            return await ListedAsync(globals, parsed, new { items = views, nextCursor = next }, table, next is null ? null : $"More users match: add --after {next}")
                .ConfigureAwait(false);
        });
        return command;
    }

    private static Command Ban(CliGlobals globals)
    {
        var email = new Argument<string>("email") { Description = "The user's email." };
        var reason = new Option<string?>("--reason") { Description = "Why (shown to admins); default: \"Banned from the justscale CLI\"." };
        var until = new Option<DateTimeOffset?>("--until") { Description = "When the ban ends (ISO 8601, e.g. 2027-01-31T00:00:00Z); default: never." };
        var command = new Command("ban", "Bans a user: login refused, every session revoked at once on every instance.") { email, reason, until };
        globals.Run(command, CliParts.Users, async (parsed, cluster, cancellationToken) =>
        {
            var user = await FindAsync(cluster, parsed.GetValue(email)!, cancellationToken).ConfigureAwait(false);
            var why = string.IsNullOrWhiteSpace(parsed.GetValue(reason)) ? "Banned from the justscale CLI" : parsed.GetValue(reason)!.Trim();
            if (why.Length > 500)
            {
                throw CliException.Usage("--reason must be at most 500 characters.");
            }

            if (!await cluster.Resolve<UserService>().BanAsync(user.Id, why, parsed.GetValue(until), cancellationToken).ConfigureAwait(false))
            {
                throw CliException.UserNotFound(user.Email);
            }

            return await DoneAsync(globals, parsed, new { id = user.Id, email = user.Email, banned = true, banReason = why, bannedUntil = parsed.GetValue(until) },
                $"Banned {user.Email}; their sessions are revoked.").ConfigureAwait(false);
        });
        return command;
    }

    private static Command Unban(CliGlobals globals)
    {
        var email = new Argument<string>("email") { Description = "The user's email." };
        var command = new Command("unban", "Lifts a user's ban (or disable); they log in anew.") { email };
        globals.Run(command, CliParts.Users, async (parsed, cluster, cancellationToken) =>
        {
            var user = await FindAsync(cluster, parsed.GetValue(email)!, cancellationToken).ConfigureAwait(false);
            if (!await cluster.Resolve<UserService>().UnbanAsync(user.Id, cancellationToken).ConfigureAwait(false))
            {
                throw CliException.UserNotFound(user.Email);
            }

            return await DoneAsync(globals, parsed, new { id = user.Id, email = user.Email, banned = false }, $"Unbanned {user.Email}.").ConfigureAwait(false);
        });
        return command;
    }

    private static Command SetRoles(CliGlobals globals)
    {
        var email = new Argument<string>("email") { Description = "The user's email." };
        var roles = new Argument<string[]>("roles") { Description = "The roles, replacing the current ones (none: remove every role).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("set-roles", "Replaces a user's global roles (admin and the app's own), effective on their next request.") { email, roles };
        globals.Run(command, CliParts.Users, async (parsed, cluster, cancellationToken) =>
        {
            var user = await FindAsync(cluster, parsed.GetValue(email)!, cancellationToken).ConfigureAwait(false);
            var valid = UserRoles.Validate(parsed.GetValue(roles) ?? []);
            if (!await cluster.Resolve<UserService>().SetRolesAsync(user.Id, valid, cancellationToken).ConfigureAwait(false))
            {
                throw CliException.UserNotFound(user.Email);
            }

            return await DoneAsync(globals, parsed, new { id = user.Id, email = user.Email, roles = valid },
                valid.Length == 0 ? $"{user.Email} has no roles now." : $"{user.Email} has the roles {string.Join(", ", valid)}.").ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Writes a listing: the JSON object, or the table and, when more match, a hint on stderr.</summary>
    public static async Task<int> ListedAsync(CliGlobals globals, ParseResult parsed, object json, TextTable table, string? more = null)
    {
        if (globals.IsJson(parsed))
        {
            await JsonOutput.WriteAsync(globals.Console.Out, json).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await table.WriteAsync(globals.Console.Out).ConfigureAwait(false);
        if (more is not null)
        {
            await globals.Console.Error.WriteLineAsync(more).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Writes a command's result: the JSON object, or the sentence.</summary>
    public static async Task<int> DoneAsync(CliGlobals globals, ParseResult parsed, object json, string text)
    {
        var output = globals.Console.Out;
        await (globals.IsJson(parsed) ? JsonOutput.WriteAsync(output, json) : output.WriteLineAsync(text)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
