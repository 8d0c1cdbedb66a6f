namespace JustScale.Core;

/// <summary>Receives the notifications of an <see cref="IChangeFeed"/>.</summary>
public interface IChangeObserver
{
    /// <summary>Handles one changed or deleted entity; called once the change is committed.</summary>
    void OnChanged(EntityChange change);

    /// <summary>Drops everything derived from the store: changes may have been missed (the feed was down).</summary>
    void OnReset();
}
