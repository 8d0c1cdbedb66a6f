using System.Text.RegularExpressions;

namespace JustScale.Examples.Tests;

/// <summary>Keeps docs/ the twin of the code: every C# block marked <c>&lt;!-- snippet: path --&gt;</c> must appear in that file.</summary>
[TestFixture]
public sealed partial class DocsSnippetSyncTests
{
    private static readonly string Root = FindRoot();

    private static IEnumerable<TestCaseData> Snippets()
    {
        var docs = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Order().Prepend(Path.Combine(Root, "README.md"));
        foreach (var doc in docs)
        {
            var text = File.ReadAllText(doc);
            foreach (Match marker in Marker().Matches(text))
            {
                var block = Block().Match(text, marker.Index + marker.Length);
                var name = $"{Path.GetRelativePath(Root, doc)} @{text[..marker.Index].Count(c => c == '\n') + 1}";
                yield return new TestCaseData(marker.Groups[1].Value, block.Success ? block.Groups[1].Value : "").SetArgDisplayNames(name);
            }
        }
    }

    [Test]
    public void Docs_HaveMarkedSnippets()
    {
        Assert.That(Snippets().Count(), Is.GreaterThanOrEqualTo(10));
    }

    [TestCaseSource(nameof(Snippets))]
    public void Snippet_AppearsInItsSourceFile(string path, string block)
    {
        var source = Path.Combine(Root, path);
        Assert.That(File.Exists(source), Is.True, $"{path} does not exist");
        Assert.That(block, Is.Not.Empty, "no ```csharp block follows the marker");

        var wanted = Lines(block);
        var lines = Lines(File.ReadAllText(source));
        var found = Enumerable.Range(0, Math.Max(0, lines.Count - wanted.Count + 1))
            .Any(start => lines.Skip(start).Take(wanted.Count).SequenceEqual(wanted));
        Assert.That(found, Is.True, $"This block is not (or no longer) in {path}:\n{block}");
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0)];

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

    [GeneratedRegex(@"<!-- snippet: (\S+) -->")]
    private static partial Regex Marker();

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
