namespace JustScale.Http;

/// <summary>Wraps a context with the route parameters, bound to a type and validated by the route's <c>.Params&lt;T&gt;()</c> step.</summary>
/// <remarks>
/// <c>Get("/users/:userId").Params&lt;UserRef&gt;().Handle(ctx =&gt; ctx.Params.UserId)</c> with <c>record UserRef(Guid UserId)</c>:
/// a value that does not convert is answered 400 (code <c>invalid_params</c>). <see cref="Params"/> hides the string
/// <see cref="IRequestContext.Params"/> on this type; guards such as <c>RequireSelf</c> still read the strings.
/// </remarks>
/// <typeparam name="TContext">The context the step received.</typeparam>
/// <typeparam name="TParams">The parameters' type.</typeparam>
public sealed class WithParams<TContext, TParams> : RequestContextWrapper<TContext>
    where TContext : IRequestContext
{
    internal WithParams(TContext inner, TParams parameters)
        : base(inner) => Params = parameters;

    /// <summary>Gets the bound, validated route parameters.</summary>
    public new TParams Params { get; }
}
