namespace BenchRunner;

/// <summary>Reports that something broke (an error response, a crash, a wrong answer): the run fails, unlike a missed goal.</summary>
internal sealed class BenchFailure(string message) : Exception(message);
