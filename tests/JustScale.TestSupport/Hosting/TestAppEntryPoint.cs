namespace JustScale.Testing;

/// <summary>Gives this assembly the entry point WebApplicationFactory asks of its TEntryPoint's assembly (here <see cref="TestApp"/>'s).</summary>
/// <remarks>It never runs: <see cref="TestAppFactory"/> builds its own host instead of starting a Program.</remarks>
internal static class TestAppEntryPoint
{
    private static void Main()
    {
    }
}
