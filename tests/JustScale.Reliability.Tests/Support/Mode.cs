namespace JustScale.Reliability.Tests;

/// <summary>Chooses the size of each reliability test: quick (the default, run by the test suite) or full (JUSTSCALE_RELIABILITY=full).</summary>
/// <remarks>Quick runs the sizes of issue 8 in seconds per test; full multiplies them and adds the long phases (run.sh full).</remarks>
internal static class Mode
{
    /// <summary>Names the environment variable that selects the full mode.</summary>
    public const string Variable = "JUSTSCALE_RELIABILITY";

    /// <summary>Gets whether the full (long) variants run.</summary>
    public static bool IsFull { get; } = string.Equals(Environment.GetEnvironmentVariable(Variable), "full", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets the mode's name, as reported with every figure.</summary>
    public static string Name => IsFull ? "full" : "quick";

    /// <summary>Returns the quick or the full value.</summary>
    public static T Pick<T>(T quick, T full) => IsFull ? full : quick;
}
