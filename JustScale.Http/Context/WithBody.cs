namespace JustScale.Http;

/// <summary>Wraps a context with the request body, bound and validated by the route's <c>.Body&lt;T&gt;()</c> step.</summary>
/// <remarks>
/// <c>Post("/").Body&lt;Register&gt;().Handle(ctx =&gt; ctx.Body.Email)</c>. The body was bound before the step's context was
/// made, so a body that does not fit never reaches later steps (400 with the fields). <c>ctx.Body&lt;T&gt;()</c> keeps working
/// beside <see cref="Body"/>, here and through a context that wraps this one, and answers the same instance.
/// </remarks>
/// <typeparam name="TContext">The context the step received.</typeparam>
/// <typeparam name="TBody">The body's type.</typeparam>
public sealed class WithBody<TContext, TBody> : RequestContextWrapper<TContext>
    where TContext : IRequestContext
{
    internal WithBody(TContext inner, TBody body)
        : base(inner) => Body = body;

    /// <summary>Gets the bound, validated body.</summary>
    public TBody Body { get; }
}
