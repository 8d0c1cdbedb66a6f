using System.Collections.Concurrent;
using System.Diagnostics;

namespace JustScale.Testing;

/// <summary>Records the activities of the named sources that belong to one test: those under the root activity it starts.</summary>
/// <remarks>
/// Tests run in parallel and every listener sees every activity, so the capture keeps only the activities of its
/// root's trace; the root flows to the code under test through <see cref="Activity.Current"/>.
/// </remarks>
public sealed class ActivityCapture : IDisposable
{
    private const string TestSourceName = "JustScale.Testing.ActivityCapture";
    private static readonly ActivitySource TestSource = new(TestSourceName);

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly Activity _root;

    private ActivityCapture(string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TestSourceName || sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == _root?.TraceId && activity != _root)
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _root = TestSource.StartActivity("test root", ActivityKind.Internal)
            ?? throw new InvalidOperationException("The capture's own listener did not sample its root activity.");
    }

    /// <summary>Gets the activities stopped so far under the root, in the order they stopped.</summary>
    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    /// <summary>Gets the root activity; the code under test must run while it is current.</summary>
    public Activity Root => _root;

    /// <summary>Starts listening to the named sources and makes a fresh root activity current on the calling flow.</summary>
    /// <remarks>Call it from the test method itself (not from an async helper), so the root stays current for the test's awaits.</remarks>
    public static ActivityCapture Start(params string[] sources) => new(sources);

    /// <summary>Returns the stopped activities of one name.</summary>
    public IReadOnlyList<Activity> Named(string operationName) => [.. _stopped.Where(a => a.OperationName == operationName)];

    /// <summary>Stops the root (restoring the previous current activity) and the listener.</summary>
    public void Dispose()
    {
        _root.Stop();
        _listener.Dispose();
    }
}
