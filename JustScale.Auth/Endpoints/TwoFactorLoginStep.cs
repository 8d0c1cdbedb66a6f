using JustScale.Core;
using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Completes a two-factor login: the login's ticket and a code make the session (the shipped <c>/login/2fa</c> and <c>/account/2fa/verify</c>).</summary>
internal static class TwoFactorLoginStep
{
    public static async ValueTask CompleteAsync(IRequestContext context, TwoFactorVerifyRequest body, TwoFactorService twoFactor, SessionService sessions)
    {
        var login = await twoFactor.RedeemAsync(body.Ticket, body.Code, context.RequestAborted).ConfigureAwait(false)
            ?? throw new JustScaleException("Invalid or expired ticket, or wrong code", 401, "invalid_two_factor");
        var session = await sessions.CreateVerifiedAsync(login.User, CreateSessionOptions.For(context) with { Ttl = login.SessionTtl }, context.RequestAborted).ConfigureAwait(false);
        var token = context.SetSessionCookie(session) ? null : session.Token;
        context.Res.Header("Cache-Control", "no-store").Json(new SessionTokenResponse(token));
    }
}
