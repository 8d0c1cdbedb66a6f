namespace JustScale.Reliability.Tests;

/// <summary>Starts many operations at the same instant (behind one gate), so they really overlap.</summary>
internal static class Burst
{
    /// <summary>Runs <paramref name="count"/> operations released together and returns their results in order.</summary>
    public static async Task<T[]> RunAsync<T>(int count, Func<int, Task<T>> operation)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.Task;
            return await operation(i);
        }).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}
