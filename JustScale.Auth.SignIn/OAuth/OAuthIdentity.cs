namespace JustScale.Auth.SignIn;

/// <summary>Holds what a provider vouched for after a verified sign-in: its subject, and the email with whether it verified it.</summary>
internal sealed record OAuthIdentity(string Provider, string Subject, string? Email, bool EmailVerified, string? Name);
