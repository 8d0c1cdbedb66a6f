using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace JustScale.Reliability.Tests;

/// <summary>Watches another .NET process's runtime over EventPipe (its diagnostics socket, as dotnet-counters and dotnet-trace do):
/// every exception thrown, the allocation ticks (one per about 100 KB allocated), the garbage collections and the methods compiled.</summary>
/// <remarks>Only the runtime's native events are enabled: none is written while the process throws, allocates and collects
/// nothing, so watching adds no work to an idle process (an EventCounters session would allocate its own payloads).</remarks>
internal sealed class RuntimeEvents : IAsyncDisposable
{
    private const ClrTraceEventParser.Keywords Watched = ClrTraceEventParser.Keywords.Exception | ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.Jit;
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _reading;
    private readonly ConcurrentQueue<string> _exceptions = new();
    private readonly ConcurrentQueue<string> _ticks = new();
    private long _allocated;
    private int _collections;
    private int _jitted;
    private long _lastJit = Stopwatch.GetTimestamp();

    private RuntimeEvents(EventPipeSession session)
    {
        _session = session;
        _source = new EventPipeEventSource(session.EventStream);
        _source.Clr.ExceptionStart += e => _exceptions.Enqueue($"{e.ExceptionType}: {e.ExceptionMessage}");
        _source.Clr.GCAllocationTick += e =>
        {
            Interlocked.Add(ref _allocated, e.AllocationAmount64);
            _ticks.Enqueue(e.TypeName);
        };
        _source.Clr.GCStart += _ => Interlocked.Increment(ref _collections);
        _source.Clr.MethodJittingStarted += _ =>
        {
            Interlocked.Increment(ref _jitted);
            Interlocked.Exchange(ref _lastJit, Stopwatch.GetTimestamp());
        };
        _reading = Task.Run(() => _source.Process());
    }

    /// <summary>Gets the exceptions thrown so far, as "type: message".</summary>
    public IReadOnlyList<string> Exceptions => [.. _exceptions];

    /// <summary>Gets the bytes the allocation ticks reported so far (each tick sums about 100 KB of allocations).</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocated);

    /// <summary>Gets the type of the object whose allocation crossed each tick's threshold, a sample of what allocates.</summary>
    public IReadOnlyList<string> TickTypes => [.. _ticks];

    /// <summary>Gets how many garbage collections started so far.</summary>
    public int Collections => Volatile.Read(ref _collections);

    /// <summary>Gets how many methods the JIT compiled so far (tiering up after a busy period compiles for a while).</summary>
    public int Jitted => Volatile.Read(ref _jitted);

    /// <summary>Gets how long ago the JIT last started compiling a method (or the watch started).</summary>
    public TimeSpan SinceLastJit => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastJit));

    /// <summary>Starts watching the process <paramref name="pid"/>.</summary>
    public static RuntimeEvents Start(int pid)
    {
        var provider = new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Verbose, (long)Watched); // Verbose: the allocation ticks
        return new RuntimeEvents(new DiagnosticsClient(pid).StartEventPipeSession([provider], requestRundown: false));
    }

    /// <summary>Ends the session and waits for the last events.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _session.StopAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or EndOfStreamException or IOException)
        {
            // The process is gone: what arrived is all there is.
        }

        await _reading.WaitAsync(TimeSpan.FromSeconds(30));
        _source.Dispose();
        _session.Dispose();
    }
}
