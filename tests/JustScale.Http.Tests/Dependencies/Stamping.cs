namespace JustScale.Http.Tests.Dependencies;

/// <summary>A singleton a middleware declares: it stamps contexts with its id.</summary>
public sealed class Stamper
{
    /// <summary>Gets the instance's id.</summary>
    public Guid Id { get; } = Guid.NewGuid();
}

/// <summary>A scoped service a middleware declares: one per request.</summary>
public sealed class PerRequest
{
    /// <summary>Gets the instance's id.</summary>
    public Guid Id { get; } = Guid.NewGuid();
}

/// <summary>The names a guard lets through.</summary>
public sealed class AllowList(params string[] names)
{
    /// <summary>Tells whether the name is allowed.</summary>
    public bool Allows(string name) => names.Contains(name, StringComparer.Ordinal);
}

/// <summary>A context carrying the stamp of a declared service.</summary>
public sealed class Stamped<TContext>(TContext inner, Guid stamp) : RequestContextWrapper<TContext>(inner)
    where TContext : IRequestContext
{
    /// <summary>Gets the id of the service that stamped the context.</summary>
    public Guid Stamp => stamp;
}

/// <summary>Middleware and guards that declare services, written as JustScale.Auth's Auth is.</summary>
public static class Stamping
{
    /// <summary>Stamps the context with the declared <see cref="Stamper"/>; generic, so it keeps the context it received.</summary>
    [Inject(typeof(Stamper), ProvidedBy = typeof(Stamper))]
    public static ValueTask<Stamped<TContext>> Stamp<TContext>(TContext context) where TContext : IRequestContext =>
        ValueTask.FromResult(new Stamped<TContext>(context, context.Injected<Stamper>().Id));

    /// <summary>Stamps the context with the request's <see cref="PerRequest"/>, a scoped service.</summary>
    [Inject(typeof(PerRequest))]
    public static ValueTask<Stamped<TContext>> StampPerRequest<TContext>(TContext context) where TContext : IRequestContext =>
        ValueTask.FromResult(new Stamped<TContext>(context, context.Injected<PerRequest>().Id));

    /// <summary>Gets a middleware made by the factory, declaring <see cref="Stamper"/>.</summary>
    public static Middleware<RequestContext, Stamped<RequestContext>> Created { get; } =
        Middleware.Create((RequestContext ctx, Stamper stamper) => ValueTask.FromResult(new Stamped<RequestContext>(ctx, stamper.Id)));

    /// <summary>Gets a guard made by the factory: passes when the route's <c>name</c> parameter is on the <see cref="AllowList"/>.</summary>
    public static Guard<IRequestContext> Allowed { get; } =
        Guard.Create((IRequestContext ctx, AllowList list) => ValueTask.FromResult(list.Allows(ctx.Params["name"])));
}
