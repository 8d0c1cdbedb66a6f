namespace JustScale.Reliability.Tests;

/// <summary>Keeps docs/deployment.md showing the configurations the deployment test runs, line for line.</summary>
[TestFixture]
public sealed class DeploymentDocsTests
{
    [TestCase("pgbouncer.ini")]
    [TestCase("haproxy.cfg")]
    public void DeploymentDoc_ShowsTheTestsConfiguration(string file)
    {
        var doc = Lines(File.ReadAllText(Path.Combine(Repository.Root, "docs", "deployment.md")));
        var config = Lines(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Deployment", file)));

        var at = Enumerable.Range(0, Math.Max(0, doc.Count - config.Count + 1)).FirstOrDefault(i => doc.Skip(i).Take(config.Count).SequenceEqual(config), -1);

        Assert.That(at, Is.Not.EqualTo(-1), $"docs/deployment.md does not show tests/JustScale.TestSupport/Deployment/{file} as it is");
    }

    private static List<string> Lines(string text) =>
        [.. text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0)];
}
