namespace JustScale.Http;

/// <summary>Decides whether a request may continue; false is answered with 403 <c>{"error":"Forbidden"}</c>.</summary>
/// <remarks>
/// Contravariant: a <c>Guard&lt;IAuthenticated&gt;</c> fits any route whose context is authenticated, and does not
/// compile on a route without the authenticating middleware (CS1503). A guard that writes its own response and
/// returns false keeps that response.
/// </remarks>
/// <typeparam name="TContext">The context the guard needs.</typeparam>
public delegate ValueTask<bool> Guard<in TContext>(TContext context) where TContext : IRequestContext;
