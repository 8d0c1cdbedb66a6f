namespace JustScale.Auth;

/// <summary>Receives every auth event (register one or more in the container: <c>services.AddSingleton&lt;IAuthEventObserver, MyAudit&gt;()</c>).</summary>
/// <remarks>Called after the write committed (to store an event with its change, use <see cref="IAuthEventRecorder"/>), in the request that made it; an observer that throws is logged and does not fail
/// the request. Keep it quick, or hand the event to a queue.</remarks>
public interface IAuthEventObserver
{
    /// <summary>Handles one event.</summary>
    ValueTask OnAuthEventAsync(AuthEvent authEvent, CancellationToken cancellationToken);
}
