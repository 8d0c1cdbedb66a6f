namespace JustScale.Auth;

/// <summary>Carries what a security notice template needs: the recipient, a display name safe to show, what changed and when.</summary>
/// <param name="To">The account's address (for <see cref="SecurityNoticeKind.EmailChanged"/>, the address it had).</param>
/// <param name="Name">The display name when it passed the mail check (a short single line of letters, no link), else null.</param>
/// <param name="Kind">What changed.</param>
/// <param name="At">When it changed.</param>
/// <remarks>No link and no other user-chosen text: a notice tells, it never asks the reader to click.</remarks>
public sealed record SecurityNoticeContext(string To, string? Name, SecurityNoticeKind Kind, DateTimeOffset At);
