namespace BenchRunner;

/// <summary>Holds what one wrk run measured: counts, rate, latency percentiles (ms), errors and status codes.</summary>
internal sealed record WrkResult
{
    /// <summary>Gets the number of completed requests.</summary>
    public required long Requests { get; init; }

    /// <summary>Gets the run's length in seconds.</summary>
    public required double Seconds { get; init; }

    /// <summary>Gets the median latency in milliseconds.</summary>
    public required double P50 { get; init; }

    /// <summary>Gets the 90th percentile latency in milliseconds.</summary>
    public required double P90 { get; init; }

    /// <summary>Gets the 99th percentile latency in milliseconds.</summary>
    public required double P99 { get; init; }

    /// <summary>Gets the largest latency in milliseconds.</summary>
    public required double Max { get; init; }

    /// <summary>Gets the connect, read and write errors and timeouts together.</summary>
    public required long SocketErrors { get; init; }

    /// <summary>Gets the responses with a status of 400 or more (wrk's own count).</summary>
    public required long StatusErrors { get; init; }

    /// <summary>Gets the responses per status code, when the script counts them (otherwise empty).</summary>
    public required IReadOnlyDictionary<int, long> Codes { get; init; }

    /// <summary>Gets the 200 responses whose body lacked what the script checks for.</summary>
    public required long Malformed { get; init; }

    /// <summary>Gets wrk's printed output.</summary>
    public required string Output { get; init; }

    /// <summary>Gets requests per second.</summary>
    public double RequestsPerSecond => Requests / Seconds;

    /// <summary>Returns the number of responses with a status code.</summary>
    public long Count(int status) => Codes.TryGetValue(status, out var count) ? count : 0;
}
