namespace JustScale.Auth;

/// <summary>Names the user and session a bearer token stands for, as an <see cref="IBearerTokenReader"/> read it.</summary>
/// <param name="UserId">The user the token was issued to (its <c>sub</c>).</param>
/// <param name="SessionId">The session it was issued from (its <c>sid</c>).</param>
public readonly record struct BearerSession(Guid UserId, Guid SessionId);
