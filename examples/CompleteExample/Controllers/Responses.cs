namespace CompleteExample.Controllers;

/// <summary>The answer of POST /auth/register: the token (null with cookie sessions) and the new user.</summary>
public sealed record RegisterResponse(string? Token, RegisteredUser User);

/// <summary>The registered user, as POST /auth/register answers it.</summary>
public sealed record RegisteredUser(Guid Id, string Email);

/// <summary>The answer of POST /auth/login: the token (null with cookie sessions).</summary>
public sealed record LoginResponse(string? Token);

/// <summary>The answer of POST /auth/logout and /auth/logout-all: how many sessions were revoked.</summary>
public sealed record RevokedResponse(int Revoked);

/// <summary>The answer of GET /profile.</summary>
public sealed record ProfileResponse(Guid Id, string Email, string? Name);

/// <summary>The answer of POST /messages.</summary>
public sealed record MessageResponse(bool Sent, Guid From, string Text);

/// <summary>The answer of PATCH /users/:userId.</summary>
public sealed record UpdatedResponse(bool Updated);
