using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace IdentityBaseline;

/// <summary>Answers GET /profile from the bearer token alone, and GET /profile-db with the user loaded from the database.</summary>
internal static class ProfileEndpoints
{
    /// <summary>Returns the user's id and email from the token's claims: no database round trip, so nothing can revoke it before it expires.</summary>
    public static IResult Stateless(ClaimsPrincipal user) =>
        Results.Json(new Profile(user.FindFirstValue(ClaimTypes.NameIdentifier), user.FindFirstValue(ClaimTypes.Email)));

    /// <summary>Returns the user's id and email read through UserManager (one EF Core query by id), or 401 when the user is gone.</summary>
    public static async Task<IResult> FromDatabaseAsync(ClaimsPrincipal user, UserManager<IdentityUser> users) =>
        await users.GetUserAsync(user) is { } found
            ? Results.Json(new Profile(found.Id, found.Email))
            : Results.Unauthorized();

    /// <summary>The JSON answer of both routes.</summary>
    /// <param name="Id">The user's id.</param>
    /// <param name="Email">The user's email.</param>
    internal sealed record Profile(string? Id, string? Email);
}
