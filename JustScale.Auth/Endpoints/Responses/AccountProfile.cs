namespace JustScale.Auth;

/// <summary>Answers <c>GET {Prefix}/me</c>: the signed-in user, as the client may see it (no hash, no secrets).</summary>
/// <param name="Id">The user's id.</param>
/// <param name="Email">The email, as stored.</param>
/// <param name="Name">The display name, if any.</param>
/// <param name="EmailVerified">Whether the email was verified.</param>
/// <param name="Roles">The user's roles; empty when none.</param>
/// <param name="ImpersonatedBy">The admin acting as this user through this session, or null.</param>
internal sealed record AccountProfile(Guid Id, string Email, string? Name, bool EmailVerified, string[] Roles, Guid? ImpersonatedBy);
