namespace JustScale.Reliability.Tests;

/// <summary>Finds the repository root (the folder holding JustScale.sln) from the test binaries.</summary>
internal static class Repository
{
    /// <summary>Gets the repository root.</summary>
    public static string Root { get; } = Find();

    private static string Find()
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
}
