namespace CompleteExample.Controllers;

/// <summary>Stands in for the docs' getPersonalizedFeed and getPublicFeed.</summary>
public static class Feeds
{
    /// <summary>Returns the public feed.</summary>
    public static IReadOnlyList<string> Public() => ["Welcome to JustScale", "Log in for your own feed"];

    /// <summary>Returns a feed for one user.</summary>
    public static IReadOnlyList<string> Personalized(Guid userId) => [$"Hello again, {userId}", "Your messages are waiting"];
}
