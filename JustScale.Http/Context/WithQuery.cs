namespace JustScale.Http;

/// <summary>Wraps a context with the query string, bound and validated by the route's <c>.Query&lt;T&gt;()</c> step.</summary>
/// <remarks>
/// <c>Get("/").Query&lt;Page&gt;().Handle(ctx =&gt; ctx.Query.Limit)</c>. <see cref="Query"/> hides the raw
/// <see cref="IRequestContext.Query"/> on this type; <c>ctx.Inner.Query</c> or <c>ctx.HttpContext.Request.Query</c> still reach it.
/// </remarks>
/// <typeparam name="TContext">The context the step received.</typeparam>
/// <typeparam name="TQuery">The query's type.</typeparam>
public sealed class WithQuery<TContext, TQuery> : RequestContextWrapper<TContext>
    where TContext : IRequestContext
{
    internal WithQuery(TContext inner, TQuery query)
        : base(inner) => Query = query;

    /// <summary>Gets the bound, validated query values.</summary>
    public new TQuery Query { get; }
}
