using System.CommandLine;
using System.Text;
using JustScale.Auth;

namespace JustScale.Cli;

/// <summary>The <c>users create</c> command: registers a user through <see cref="UserService.RegisterAsync"/> (the app's password policy and hashing).</summary>
internal static class UsersCreateCommand
{
    public static Command Create(CliGlobals globals)
    {
        var email = new Option<string>("--email", "-e") { Description = "The new user's email.", Required = true };
        var password = new Option<string?>("--password") { Description = "The password (visible in the process list: prefer --password-stdin or the prompt)." };
        var fromStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." };
        var name = new Option<string?>("--name") { Description = "The display name." };
        var roles = new Option<string[]>("--role") { Description = "A global role to give (repeatable), such as admin.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("create", "Creates a user with a password, as registration does (policy, scrypt).") { email, password, fromStdin, name, roles };
        command.Validators.Add(result =>
        {
            if (result.GetValue(password) is not null && result.GetValue(fromStdin))
            {
                result.AddError("Give --password or --password-stdin, not both.");
            }
        });
        globals.Run(command, CliParts.Users, async (parsed, cluster, cancellationToken) =>
        {
            var secret = parsed.GetValue(password)
                ?? (parsed.GetValue(fromStdin) ? await ReadLineAsync(globals.Console.In, cancellationToken).ConfigureAwait(false) : Prompt(globals.Console));
            var valid = UserRoles.Validate(parsed.GetValue(roles) ?? []);
            var users = cluster.Resolve<UserService>();
            var user = await users.RegisterAsync(parsed.GetValue(email)!, secret, parsed.GetValue(name), cancellationToken).ConfigureAwait(false);
            if (valid.Length > 0)
            {
                await users.SetRolesAsync(user.Id, [.. user.Roles ?? [], .. valid], cancellationToken).ConfigureAwait(false);
                user = await users.FindByIdAsync(user.Id, cancellationToken).ConfigureAwait(false) ?? user;
            }

            return await UsersCommands.DoneAsync(globals, parsed, UserView.Of(user), $"Created {user.Email} ({user.Id}).").ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<string> ReadLineAsync(TextReader input, CancellationToken cancellationToken) =>
        (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.TrimEnd('\r')
            ?? throw CliException.Usage("--password-stdin: standard input is empty.");

    // At a terminal: asked twice, without echo. Otherwise the caller must say where the password comes from.
    private static string Prompt(CliConsole console)
    {
        if (!console.Interactive)
        {
            throw CliException.Usage("A password is required: pass --password-stdin (and pipe it in) or --password.");
        }

        var first = ReadHidden(console, "Password: ");
        var second = ReadHidden(console, "Repeat the password: ");
        return first == second ? first : throw new CliException("The passwords differ.");
    }

    private static string ReadHidden(CliConsole console, string prompt)
    {
        console.Error.Write(prompt);
        var text = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        console.Error.WriteLine();
        return text.ToString();
    }
}
