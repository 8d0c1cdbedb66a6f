using JustScale.Core;
using JustScale.Http;

namespace JustScale.Auth.SignIn;

/// <summary>Ends every way of signing in alike: <see cref="SessionService.SignInAsync"/> (so two-factor login still asks for its code), answered 200 <c>{"token"}</c>.</summary>
internal static class SignInResponses
{
    /// <summary>Signs the user in and answers the session; a user with two-factor login gets the second-step answer instead, 200 <c>{"twoFactorRequired":true,"ticket"}</c>.</summary>
    public static async Task SignInAsync(IRequestContext ctx, SessionService sessions, User user)
    {
        if (user.DisabledAt is not null)
        {
            throw Disabled();
        }

        var result = await sessions.SignInAsync(user, CreateSessionOptions.For(ctx), ctx.RequestAborted).ConfigureAwait(false);
        if (result.RequiresTwoFactor)
        {
            ctx.Res.Header("Cache-Control", "no-store").Json(new { twoFactorRequired = true, ticket = result.TwoFactorTicket });
            return;
        }

        var token = ctx.SetSessionCookie(result.Session) ? null : result.Session.Token; // cookie mode: scripts never see the token
        ctx.Res.Header("Cache-Control", "no-store").Json(new { token });
    }

    /// <summary>Returns the error of a disabled account: the same as a failed sign-in, so it says nothing more.</summary>
    public static JustScaleException Disabled() => new("Sign-in failed", 401, "sign_in_failed");
}
