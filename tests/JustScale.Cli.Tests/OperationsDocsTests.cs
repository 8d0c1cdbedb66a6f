using System.CommandLine;
using System.Text.RegularExpressions;

namespace JustScale.Cli.Tests;

/// <summary>Keeps the CLI reference of docs/operations.md true: every example command line parses, every command is listed.</summary>
[TestFixture]
public sealed partial class OperationsDocsTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(FindRoot(), "docs", "operations.md")).ReplaceLineEndings("\n");

    private static IEnumerable<TestCaseData> ExampleLines() =>
        BashBlock().Matches(Page)
            .SelectMany(block => block.Groups[1].Value.Split('\n'))
            .Select(line => line.Split('#')[0].Split('<')[0].Trim())
            .Where(line => line.StartsWith("justscale ", StringComparison.Ordinal))
            .Select(line => new TestCaseData(line).SetArgDisplayNames(line));

    [Test]
    public void Page_HasExampleCommandLines() => Assert.That(ExampleLines().Count(), Is.GreaterThanOrEqualTo(5));

    [TestCaseSource(nameof(ExampleLines))]
    public void ExampleCommandLine_ParsesWithoutErrors(string line)
    {
        var root = CliApp.Create(CliConsole.Create(TextWriter.Null, TextWriter.Null));

        var parsed = root.Parse(Arguments(line["justscale ".Length..]));

        Assert.That(parsed.Errors.Select(e => e.Message), Is.Empty);
    }

    [Test]
    public void CommandTable_ListsEveryCommand()
    {
        var root = CliApp.Create(CliConsole.Create(TextWriter.Null, TextWriter.Null));
        var commands = root.Subcommands.SelectMany(c => c.Subcommands.Count == 0 ? [c.Name] : c.Subcommands.Select(s => $"{c.Name} {s.Name}"));

        foreach (var command in commands)
        {
            Assert.That(Page, Does.Contain($"| `justscale {command}"), $"docs/operations.md does not list 'justscale {command}'");
        }
    }

    // Splits like a shell: spaces separate, double quotes group.
    private static string[] Arguments(string line) =>
        [.. ShellWord().Matches(line).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Value)];

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "JustScale.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("JustScale.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex("\"([^\"]*)\"|\\S+")]
    private static partial Regex ShellWord();
}
