using JustScale.Core;
using JustScale.Http;

namespace JustScale.Auth.SignIn;

/// <summary>Ends every way of signing in alike: a session through <see cref="SessionService.CreateAsync"/> (so two-factor login still asks for its code), answered 200 <c>{"token"}</c>.</summary>
internal static class SignInResponses
{
    /// <summary>Creates the user's session and answers it; a user with two-factor login gets the second-step answer instead (its middleware renders the challenge).</summary>
    public static async Task SignInAsync(IRequestContext ctx, SessionService sessions, User user)
    {
        if (user.DisabledAt is not null)
        {
            throw Disabled();
        }

        var session = await sessions.CreateAsync(user, CreateSessionOptions.For(ctx), ctx.RequestAborted).ConfigureAwait(false);
        var token = ctx.SetSessionCookie(session) ? null : session.Token; // cookie mode: scripts never see the token
        ctx.Res.Header("Cache-Control", "no-store").Json(new { token });
    }

    /// <summary>Returns the error of a disabled account: the same as a failed sign-in, so it says nothing more.</summary>
    public static JustScaleException Disabled() => new("Sign-in failed", 401, "sign_in_failed");
}
