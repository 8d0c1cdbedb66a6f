using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace JustScale.Auth.Tests.Telemetry;

/// <summary>Records what the <c>JustScale.Auth</c> counters report, either for the calling flow only or for the whole process.</summary>
/// <remarks>
/// The meter is process-wide and fixtures run in parallel. A scoped capture keeps only measurements made on the
/// execution flow that started it (an <see cref="AsyncLocal{T}"/> flows into every await and Task.Run of the code
/// under test, and into no other test). Work done on Kestrel's threads does not carry it: capture those unscoped, in a
/// non-parallelizable fixture.
/// </remarks>
internal sealed class MetricCapture : IDisposable
{
    private static readonly AsyncLocal<MetricCapture?> Current = new();

    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly ConcurrentDictionary<string, Instrument> _instruments = new();
    private readonly bool _scoped;

    private MetricCapture(bool scoped)
    {
        _scoped = scoped;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AuthTelemetry.Name)
            {
                _instruments[instrument.Name] = instrument;
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(Record);
        _listener.Start();
    }

    /// <summary>Gets the instruments of the meter seen so far, by name.</summary>
    public IReadOnlyDictionary<string, Instrument> Instruments => _instruments;

    /// <summary>Gets every measurement recorded so far.</summary>
    public IReadOnlyList<Measurement> Measurements => [.. _measurements];

    /// <summary>Starts a capture of the calling flow's measurements; call it from the test method itself, not an async helper.</summary>
    public static MetricCapture Scoped()
    {
        var capture = new MetricCapture(scoped: true);
        Current.Value = capture;
        return capture;
    }

    /// <summary>Starts a capture of every measurement in the process.</summary>
    public static MetricCapture Unscoped() => new(scoped: false);

    /// <summary>Sums an instrument's measurements whose tags include all of <paramref name="tags"/>.</summary>
    public long Sum(string instrument, params (string Key, string Value)[] tags) =>
        _measurements
            .Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))
            .Sum(m => m.Value);

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        if (Current.Value == this)
        {
            Current.Value = null;
        }

        _listener.Dispose();
    }

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (_scoped && Current.Value != this)
        {
            return;
        }

        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue;
        }

        _measurements.Enqueue(new Measurement(instrument.Name, value, copy));
    }

    /// <summary>Holds one measurement: instrument name, value and tags.</summary>
    public sealed record Measurement(string Instrument, long Value, IReadOnlyDictionary<string, object?> Tags);
}
