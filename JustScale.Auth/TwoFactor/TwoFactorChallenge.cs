using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Answers a <see cref="TwoFactorRequiredException"/> from any route: 200 <c>{"twoFactorRequired":true,"ticket":"..."}</c>, no session, no token.</summary>
/// <remarks>A cluster middleware, so every login route, the docs-shaped one included, answers the second step alike without a change.</remarks>
internal static class TwoFactorChallenge
{
    /// <summary>Runs the rest of the pipeline and turns the challenge into its answer.</summary>
    public static async ValueTask Answer(IRequestContext context, Func<ValueTask> next)
    {
        try
        {
            await next().ConfigureAwait(false);
        }
        catch (TwoFactorRequiredException challenge) when (!context.Res.HasStarted)
        {
            context.Res.Header("Cache-Control", "no-store").Json(new { twoFactorRequired = true, ticket = challenge.Ticket });
        }
    }
}
