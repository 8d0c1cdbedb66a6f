using System.CommandLine;
using JustScale.Postgres;

namespace JustScale.Cli;

/// <summary>The <c>migrate</c> command: brings the JustScale packages' tables up to their models, or prints the SQL (<c>--print</c>).</summary>
/// <remarks>The same planner as the app's start and the example's <c>--print-migrations</c>: additive changes applied under the
/// advisory lock and recorded in <c>justscale_migrations</c>; anything else refused with the SQL to review, exit code 1.
/// The app's own models (the example's <c>projects</c>) are migrated by the app.</remarks>
internal static class MigrateCommand
{
    public static Command Create(CliGlobals globals)
    {
        var print = new Option<bool>("--print") { Description = "Print the SQL a migration would run (and what it would refuse); change nothing." };
        var command = new Command("migrate", "Creates or updates the JustScale tables (users, sessions, ...) in the app's database.") { print };
        globals.Run(command, CliParts.Schema, async (parsed, cluster, cancellationToken) =>
        {
            var client = cluster.Resolve<PostgresClient>();
            var plan = await client.PlanSchemaAsync(cancellationToken).ConfigureAwait(false);
            if (parsed.GetValue(print))
            {
                if (globals.IsJson(parsed))
                {
                    await JsonOutput.WriteAsync(globals.Console.Out, new
                    {
                        summary = plan.Summary,
                        changes = plan.Changes.Select(c => new { description = c.Description, sql = c.Sql }),
                        conflicts = plan.Conflicts.Select(c => new { description = c.ToString(), sql = c.Sql }),
                    }).ConfigureAwait(false);
                }
                else
                {
                    await globals.Console.Out.WriteAsync($"-- PostgreSQL schema: {plan.Summary}\n{plan.Sql}").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }

            try
            {
                await client.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SchemaMigrationException e)
            {
                throw new CliException(e.Message);
            }

            return await UsersCommands.DoneAsync(globals, parsed, new { summary = plan.Summary, applied = plan.Changes.Select(c => c.Description) },
                plan.Changes.Count == 0 ? "The schema is up to date." : $"Migrated: {plan.Summary}.").ConfigureAwait(false);
        });
        return command;
    }
}
