using System.Collections.Concurrent;

namespace JustScale.Http.Tests.Hosted;

/// <summary>A scoped service that records its instances and whether each was disposed.</summary>
public sealed class RequestScopeProbe : IDisposable
{
    private static int _next;

    public RequestScopeProbe(ConcurrentBag<RequestScopeProbe> created)
    {
        Id = Interlocked.Increment(ref _next);
        created.Add(this);
    }

    public int Id { get; }

    public bool IsDisposed { get; private set; }

    public void Dispose() => IsDisposed = true;
}
