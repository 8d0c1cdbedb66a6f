using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace JustScale.Auth.Tokens.Tests;

/// <summary>A hub that only signed-in JustScale users reach: answers the caller's email.</summary>
[Authorize]
public sealed class WhoamiHub : Hub
{
    /// <summary>Returns the caller's email claim.</summary>
    public string? Whoami() => Context.User?.FindFirst("email")?.Value;
}
