namespace JustScale.Auth;

/// <summary>Marks a request as authenticated (set by <see cref="AuthMiddleware"/>), so that auth events it causes name their actor.</summary>
/// <param name="UserId">The signed-in user.</param>
/// <param name="ImpersonatedBy">The admin behind an impersonation session, or null.</param>
internal sealed record AuthenticatedRequestFeature(Guid UserId, Guid? ImpersonatedBy)
{
    /// <summary>Gets who acts: the admin behind an impersonation session, else the signed-in user.</summary>
    public Guid Actor => ImpersonatedBy ?? UserId;
}
