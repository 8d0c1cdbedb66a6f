namespace JustScale.Http.Hosting;

/// <summary>Bounds the bytes that request bodies being read or handled hold at once, across every route of a process.</summary>
/// <remarks>
/// Per-route limits bound one request; this bounds them all together, so that many clients each sending a body just under
/// its limit and then stalling cannot exhaust the heap (issue 25: 130 connections sending 1 MiB − 1 under a 100 MB heap
/// limit ended in OutOfMemoryException). A reservation past the budget is refused and the request answered 503 with
/// Retry-After. The default is an eighth of the memory the GC may use (the container's limit or
/// <c>DOTNET_GCHeapHardLimit</c> when set), at least 4 MiB and at most 512 MiB.
/// </remarks>
internal sealed class RequestBodyBudget(long capacity)
{
    private const long Floor = 4L * 1024 * 1024;
    private const long Ceiling = 512L * 1024 * 1024;
    private long _held;

    /// <summary>Gets the budget every server of the process shares (the heap is the process's).</summary>
    public static RequestBodyBudget Shared { get; } = CreateDefault();

    /// <summary>Gets the most bytes bodies may hold at once.</summary>
    public long Capacity { get; } = capacity;

    /// <summary>Gets the bytes held now.</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>Creates the default budget, sized from the memory available to the GC.</summary>
    public static RequestBodyBudget CreateDefault()
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return new RequestBodyBudget(Math.Clamp(available / 8, Floor, Ceiling));
    }

    /// <summary>Takes <paramref name="bytes"/> from the budget; false (and nothing taken) when that would pass the capacity.</summary>
    public bool TryReserve(long bytes)
    {
        if (Interlocked.Add(ref _held, bytes) <= Capacity)
        {
            return true;
        }

        Interlocked.Add(ref _held, -bytes);
        return false;
    }

    /// <summary>Gives bytes back to the budget.</summary>
    public void Release(long bytes)
    {
        if (bytes > 0)
        {
            Interlocked.Add(ref _held, -bytes);
        }
    }
}
