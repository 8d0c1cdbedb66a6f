namespace BenchRunner;

/// <summary>Finds the repository and the built dlls of the programs the suite starts (same configuration as the runner).</summary>
internal sealed class RepoPaths
{
    private readonly string _configuration;
    private readonly string _framework;

    private RepoPaths(string root, string configuration, string framework)
    {
        Root = root;
        _configuration = configuration;
        _framework = framework;
    }

    /// <summary>Gets the repository root (the folder holding JustScale.sln).</summary>
    public string Root { get; }

    /// <summary>Gets docs/benchmarks.md.</summary>
    public string BenchmarksDoc => Path.Combine(Root, "docs", "benchmarks.md");

    /// <summary>Gets the complete example's dll.</summary>
    public string CompleteExample => Dll("examples/CompleteExample", "CompleteExample");

    /// <summary>Gets the minimal API baseline's dll.</summary>
    public string Baseline => Dll("bench/Baseline", "Baseline");

    /// <summary>Gets the ASP.NET Core Identity baseline's dll (figures 6 and 7).</summary>
    public string IdentityBaseline => Dll("bench/IdentityBaseline", "IdentityBaseline");

    /// <summary>Gets the JwtBearer baseline's dll (figure 10).</summary>
    public string JwtBearerBaseline => Dll("bench/JwtBearerBaseline", "JwtBearerBaseline");

    /// <summary>Gets the trivial-route bench's dll (its servers serve figure 2).</summary>
    public string HttpBench => Dll("bench/HttpBench", "HttpBench");

    /// <summary>Gets the scrypt bench's dll (figure 4).</summary>
    public string Scrypt => Dll("bench/Scrypt", "Scrypt");

    /// <summary>Locates the repository from the runner's own output folder (bench/BenchRunner/bin/Configuration/Framework).</summary>
    public static RepoPaths Locate()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent?.Name ?? "Release";
        for (var folder = output; folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "JustScale.sln")))
            {
                return new RepoPaths(folder.FullName, configuration, framework);
            }
        }

        throw new BenchFailure($"Cannot find JustScale.sln above {output.FullName}.");
    }

    private string Dll(string project, string name)
    {
        var path = Path.Combine(Root, project, "bin", _configuration, _framework, name + ".dll");
        return File.Exists(path)
            ? path
            : throw new BenchFailure($"{path} is missing: build with `dotnet build bench/BenchRunner -c {_configuration}` (bench/run.sh does).");
    }
}
