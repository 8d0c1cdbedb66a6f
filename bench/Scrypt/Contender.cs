namespace Scrypt;

/// <summary>Names one scrypt implementation and times a batch of its hashes, returning the mean in milliseconds.</summary>
internal sealed record Contender(string Name, Func<int, Task<double>> MeasureBatch)
{
    /// <summary>Gets the batch means measured so far, one per round.</summary>
    public List<double> Means { get; } = [];

    /// <summary>Gets the mean of the batch means.</summary>
    public double Mean => Means.Average();

    /// <summary>Gets the sample standard deviation of the batch means.</summary>
    public double StandardDeviation =>
        Means.Count < 2 ? 0 : Math.Sqrt(Means.Sum(m => (m - Mean) * (m - Mean)) / (Means.Count - 1));
}
