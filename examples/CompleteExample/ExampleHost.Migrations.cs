using JustScale.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CompleteExample;

/// <content>The <c>--print-migrations</c> mode: the pending schema SQL, printed for review instead of applied.</content>
public static partial class ExampleHost
{
    /// <summary>The command-line flag that prints the pending migrations and exits.</summary>
    public const string PrintMigrationsFlag = "--print-migrations";

    /// <summary>Prints what the start would do to the PostgreSQL schema (the SQL to review), changes nothing, and returns 0.</summary>
    public static async Task<int> PrintMigrationsAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using (app)
        {
            if (!app.Services.GetRequiredService<ExampleSettings>().UsePostgres)
            {
                await Console.Out.WriteLineAsync("-- The embedded in-memory store has no schema: nothing to migrate.");
                return 0;
            }

            var plan = await app.Services.GetRequiredService<PostgresClient>().PlanSchemaAsync();
            await Console.Out.WriteAsync($"-- PostgreSQL schema: {plan.Summary}\n{plan.Sql}");
            return 0;
        }
    }

    /// <summary>Returns the schema refusal behind a failed start (the host may wrap it), or null.</summary>
    private static SchemaMigrationException? SchemaErrorOf(Exception error) =>
        error as SchemaMigrationException ?? (error as AggregateException)?.InnerExceptions.OfType<SchemaMigrationException>().FirstOrDefault();
}
