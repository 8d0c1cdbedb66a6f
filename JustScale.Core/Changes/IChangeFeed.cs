namespace JustScale.Core;

/// <summary>Tells subscribers which stored entities changed or were deleted, by any process writing to the same store.</summary>
/// <remarks>
/// A cache may answer from memory only while <see cref="IsLive"/> is true: then every change committed from that moment
/// on reaches <see cref="IChangeObserver.OnChanged"/> within the feed's bound. While the feed is down (its connection
/// lost, or not yet resubscribed) it is not live, and once it is back it calls <see cref="IChangeObserver.OnReset"/>
/// and moves <see cref="Generation"/> on, because changes made meanwhile were missed.
/// </remarks>
public interface IChangeFeed
{
    /// <summary>Gets whether changes are currently guaranteed to be delivered; read it on every cache hit.</summary>
    bool IsLive { get; }

    /// <summary>Gets a number that changes whenever changes may have been missed; data cached under another generation is stale.</summary>
    long Generation { get; }

    /// <summary>Returns whether changes of an entity type are published at all (its store was set up to publish them).</summary>
    bool Covers(Type entityType);

    /// <summary>Adds an observer until the returned handle is disposed.</summary>
    /// <remarks>Observers are called on the feed's own thread and must return quickly without blocking.</remarks>
    IDisposable Subscribe(IChangeObserver observer);
}
