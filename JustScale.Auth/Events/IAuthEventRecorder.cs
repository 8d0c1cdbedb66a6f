namespace JustScale.Auth;

/// <summary>Stores auth events in the same transaction as the change they record (the audit trail, a webhook outbox).</summary>
/// <remarks>
/// Called by <see cref="AuthEvents.RaiseAsync"/> at once, inside the ambient unit of work when there is one: what a recorder
/// writes through a repository commits with the change, or rolls back with it. An event with no change (a failed login) is
/// recorded alone. A recorder that throws fails the change, so nothing happens unrecorded. Register with
/// <c>context.Contribute&lt;IAuthEventRecorder&gt;(...)</c> or <c>services.AddSingleton&lt;IAuthEventRecorder, T&gt;()</c>.
/// </remarks>
public interface IAuthEventRecorder
{
    /// <summary>Writes one event (through repositories, which join the ambient transaction).</summary>
    ValueTask RecordAsync(AuthEvent authEvent, CancellationToken cancellationToken);
}
