namespace JustScale.Auth;

/// <summary>Holds what <see cref="UserService.RegisterWithSessionAsync"/> made: the new user and their first session.</summary>
/// <param name="User">The registered user.</param>
/// <param name="Session">The first session; its <see cref="Session.Token"/> is the plain token, shown only here.</param>
public sealed record Registration(User User, Session Session);
