namespace JustScale.Http.Tests.Support;

/// <summary>A context that carries a tag: the test stand-in for an authenticated context.</summary>
public interface ITagged : IRequestContext
{
    /// <summary>Gets the tag read from the X-Tag header.</summary>
    string Tag { get; }
}

/// <summary>The context the <see cref="Tagging.Tag{TContext}"/> middleware produces.</summary>
public sealed class Tagged<TContext>(TContext inner, string tag) : RequestContextWrapper<TContext>(inner), ITagged
    where TContext : IRequestContext
{
    /// <summary>Gets the tag.</summary>
    public string Tag => tag;
}

/// <summary>A middleware and guards over <see cref="ITagged"/>, written like JustScale.Auth's Auth and RequireSelf.</summary>
public static class Tagging
{
    /// <summary>Tags the context with the X-Tag header (empty when absent).</summary>
    public static ValueTask<Tagged<TContext>> Tag<TContext>(TContext context) where TContext : IRequestContext =>
        ValueTask.FromResult(new Tagged<TContext>(context, context.Headers["X-Tag"].ToString()));

    /// <summary>Passes when the tag equals <paramref name="tag"/>.</summary>
    public static Guard<ITagged> RequireTag(string tag) => context => ValueTask.FromResult(context.Tag == tag);
}
