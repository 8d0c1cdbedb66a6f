using System.Text.RegularExpressions;

namespace JustScale.Http.Tests.Docs;

/// <summary>Checks that every C# block of docs/http.md is quoted from a compiled test file, so the page cannot rot.</summary>
[TestFixture]
public sealed partial class DocsSnippetTests
{
    [Test]
    public void HttpDocs_EveryCSharpBlock_IsQuotedFromATestFile()
    {
        var root = RepositoryRoot();
        var page = File.ReadAllText(Path.Combine(root, "docs", "http.md"));
        var sources = Directory.EnumerateFiles(Path.Combine(root, "tests", "JustScale.Http.Tests"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => Normalize(File.ReadAllText(path)))
            .ToList();

        var blocks = CSharpBlock().Matches(page).Select(m => m.Groups[1].Value).ToList();
        var unquoted = blocks.Where(block => !sources.Exists(source => source.Contains(Normalize(block), StringComparison.Ordinal)));

        Assert.That(blocks, Is.Not.Empty);
        Assert.That(unquoted, Is.Empty);
    }

    private static string Normalize(string code) =>
        string.Join('\n', code.ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim()));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "JustScale.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (JustScale.sln) above the test directory.");
    }

    [GeneratedRegex(@"```csharp\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
