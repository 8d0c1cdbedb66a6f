namespace JustScale.Http;

/// <summary>Stands in for a typed slot the route did not declare: <c>ctx.Body</c> without <c>.Body&lt;T&gt;()</c>, <c>ctx.Loaded</c> without <c>.Load(...)</c>.</summary>
/// <remarks>It has no members and no instances, so reading such a slot's members does not compile (CS1061 on <c>Undeclared</c>).</remarks>
public sealed class Undeclared
{
    private Undeclared()
    {
    }

    /// <summary>Gets the one instance, held by slots a route did not declare.</summary>
    internal static Undeclared Value { get; } = new();
}
