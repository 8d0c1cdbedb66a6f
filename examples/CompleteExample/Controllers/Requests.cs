namespace CompleteExample.Controllers;

/// <summary>The body of POST /auth/register.</summary>
public sealed record RegisterRequest
{
    /// <summary>Gets the email.</summary>
    public required string Email { get; init; }

    /// <summary>Gets the password.</summary>
    public required string Password { get; init; }

    /// <summary>Gets the optional display name.</summary>
    public string? Name { get; init; }
}

/// <summary>The body of POST /auth/login.</summary>
public sealed record LoginRequest
{
    /// <summary>Gets the email.</summary>
    public required string Email { get; init; }

    /// <summary>Gets the password.</summary>
    public required string Password { get; init; }
}

/// <summary>The body of POST /messages.</summary>
public sealed record MessageRequest
{
    /// <summary>Gets the message text.</summary>
    public required string Text { get; init; }
}

/// <summary>The body of PATCH /users/:userId: the fields to change, each optional.</summary>
public sealed record ProfileUpdate
{
    /// <summary>Gets the new display name, or null to keep it.</summary>
    [System.ComponentModel.DataAnnotations.StringLength(100)]
    public string? Name { get; init; }
}
