using System.Text.RegularExpressions;

namespace JustScale.Examples.Tests;

/// <summary>Keeps docs/ the twin of the code: every C# block of README.md and docs/ is quoted from a compiled file.</summary>
/// <remarks>
/// A block marked <c>&lt;!-- snippet: path --&gt;</c> must appear in that file; an unmarked block must appear in some
/// C# file of the repository (packages, examples, tests, bench). Lines are compared trimmed, blank lines ignored, so a
/// snippet may be indented differently from its source but not differ in a single character.
/// </remarks>
[TestFixture]
public sealed partial class DocsSnippetSyncTests
{
    private static readonly string Root = FindRoot();
    private static readonly Lazy<List<(string Path, List<string> Lines)>> Sources = new(ReadSources);

    private static IEnumerable<TestCaseData> Blocks()
    {
        var docs = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Order().Prepend(Path.Combine(Root, "README.md"));
        foreach (var doc in docs)
        {
            var text = File.ReadAllText(doc).ReplaceLineEndings("\n");
            var previousEnd = 0;
            foreach (Match block in Block().Matches(text))
            {
                // A marker names the source of the next block after it (a sentence or a link may come in between).
                var marker = Marker().Matches(text[previousEnd..block.Index]).LastOrDefault();
                var name = $"{Path.GetRelativePath(Root, doc)} @{text[..block.Index].Count(c => c == '\n') + 1}";
                yield return new TestCaseData(marker?.Groups[1].Value, block.Groups[1].Value).SetArgDisplayNames(name);
                previousEnd = block.Index + block.Length;
            }
        }
    }

    [Test]
    public void Docs_HaveCSharpBlocks()
    {
        var blocks = Blocks().ToList();
        Assert.That(blocks, Has.Count.GreaterThanOrEqualTo(30));
        Assert.That(blocks.Count(b => b.Arguments[0] is not null), Is.GreaterThanOrEqualTo(10));
    }

    [TestCaseSource(nameof(Blocks))]
    public void CSharpBlock_IsQuotedFromACompiledFile(string? path, string block)
    {
        var wanted = Lines(block);
        Assert.That(wanted, Is.Not.Empty, "an empty ```csharp block");
        if (path is not null)
        {
            var source = Path.Combine(Root, path);
            Assert.That(File.Exists(source), Is.True, $"{path} does not exist");
            Assert.That(Contains(Lines(File.ReadAllText(source)), wanted), Is.True, $"This block is not (or no longer) in {path}:\n{block}");
            return;
        }

        var quotedFrom = Sources.Value.Where(source => Contains(source.Lines, wanted)).Select(source => source.Path).ToList();
        Assert.That(quotedFrom, Is.Not.Empty, $"This block is in no C# file of the repository (quote it from a compiled file, or mark its source with <!-- snippet: path -->):\n{block}");
    }

    private static bool Contains(List<string> lines, List<string> wanted) =>
        Enumerable.Range(0, Math.Max(0, lines.Count - wanted.Count + 1))
            .Any(start => lines[start] == wanted[0] && lines.Skip(start).Take(wanted.Count).SequenceEqual(wanted));

    private static List<string> Lines(string text) =>
        [.. text.ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0)];

    private static List<(string Path, List<string> Lines)> ReadSources()
    {
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{separator}obj{separator}", StringComparison.Ordinal)
                && !path.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
                && !path.Contains($"{separator}.git{separator}", StringComparison.Ordinal))
            .Select(path => (Path.GetRelativePath(Root, path), Lines(File.ReadAllText(path))))
            .ToList();
    }

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
