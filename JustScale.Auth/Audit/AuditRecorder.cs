namespace JustScale.Auth;

/// <summary>Writes every auth event into the audit trail, in the transaction of the change it records.</summary>
internal sealed class AuditRecorder(AuditLog log) : IAuthEventRecorder
{
    public ValueTask RecordAsync(AuthEvent authEvent, CancellationToken cancellationToken) => log.RecordAsync(authEvent, cancellationToken);
}
