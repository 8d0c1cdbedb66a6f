namespace JustScale.Http.Tests.Typed;

/// <summary>What the typed routes need besides the controller.</summary>
internal static class TypedServer
{
    /// <summary>Gets the rate limit policy of DELETE /items/:id: generous, so only its presence matters.</summary>
    public static RateLimitPolicy ItemsPolicy => new RateLimitPolicy("items").Limit("ip", RateLimitKeys.ClientIp, FixedWindowLimit.PerMinute(1000));
}
