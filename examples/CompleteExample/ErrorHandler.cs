using JustScale.Auth;
using JustScale.Http;

namespace CompleteExample;

/// <summary>The docs' error-handler middleware, wrapping every route.</summary>
public static class ErrorHandler
{
    /// <summary>Turns the auth errors into their HTTP answers; anything else goes on to JustScale's error renderer.</summary>
    public static async ValueTask Handle(IRequestContext ctx, Func<ValueTask> next)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next();
        }
        catch (AuthenticationFailedException e)
        {
            ctx.Res.Status(401).Json(new { error = e.Message });
        }
        catch (UserExistsException)
        {
            ctx.Res.Status(409).Json(new { error = "Email already registered" });
        }
        catch (InvalidCredentialsException)
        {
            ctx.Res.Status(401).Json(new { error = "Invalid email or password" });
        }
    }
}
