namespace JustScale.Core;

/// <summary>Holds a rate-limit counter after an increment: the total and the window it belongs to.</summary>
/// <param name="Count">The number of permits counted in the window, including the increment.</param>
/// <param name="WindowStart">The start of the window the increment was counted in.</param>
public readonly record struct RateLimitCount(long Count, DateTimeOffset WindowStart);
