using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JustScale.Auth.Tokens;

/// <summary>Authenticates host requests (<c>[Authorize]</c>, <c>.RequireAuthorization()</c>, SignalR hubs) by a JustScale session token, access token or session cookie.</summary>
/// <remarks>
/// The same lookups as <c>.Use(Auth)</c>, through the same session cache. The principal carries <c>sub</c>, <c>email</c>,
/// <c>email_verified</c>, <c>name</c> and <c>sid</c>. The session cookie is taken only for safe methods, WebSocket upgrades and
/// same-origin requests (<c>Sec-Fetch-Site</c>), so another site cannot post with it. With
/// <see cref="JustScaleAuthenticationOptions.AbortOnSessionEnd"/>, a request still running when its session ends (a SignalR
/// connection, a stream) is aborted: at once on this instance, within the change feed's bound on others. Only endpoints
/// that carry authorization metadata (<c>[Authorize]</c>, <c>.RequireAuthorization()</c>, an authorized hub) are authenticated.
/// </remarks>
internal sealed class JustScaleAuthenticationHandler(
    IOptionsMonitor<JustScaleAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionService sessions,
    BearerTokenReaders readers,
    AuthOptions authOptions)
    : AuthenticationHandler<JustScaleAuthenticationOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    // One answer for every request this scheme does not authenticate (results are never changed once made).
    private static readonly Task<AuthenticateResult> NoResult = Task.FromResult(AuthenticateResult.NoResult());
    private static readonly Task<object> NoEvents = Task.FromResult(new object());

    /// <summary>The scheme has no events object: the same empty one for every request instead of a new one each.</summary>
    protected override Task<object> CreateEventsAsync() => NoEvents;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        // ASP.NET Core makes a lone scheme the default, so UseAuthentication runs this for every request, JustScale routes
        // included (which authenticate with .Use(Auth)): only endpoints that ask for authorization are looked up; the others
        // are answered at once, without an async frame.
        Context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is not null && TryGetCredential(out var token, out var fromCookie)
            ? LookUpAsync(token, fromCookie)
            : NoResult;

    private async Task<AuthenticateResult> LookUpAsync(string token, bool fromCookie)
    {

        var found = !fromCookie && !IsSessionToken(token)
            ? await readers.FindAsync(token, sessions, Context.RequestAborted).ConfigureAwait(false)
            : await sessions.FindWithUserAsync(token, Context.RequestAborted).ConfigureAwait(false);
        if (found is null || found.Referenced.DisabledAt is not null)
        {
            return AuthenticateResult.Fail("Invalid or expired session");
        }

        var (session, user) = (found.Entity, found.Referenced);
        await sessions.TouchIfStaleAsync(session, Context.RequestAborted).ConfigureAwait(false);
        if (Options.AbortOnSessionEnd)
        {
            var watch = sessions.Watch(session, user);
            var context = Context;
            watch.Ended.Register(static state => ((HttpContext)state!).Abort(), context);
            context.Response.RegisterForDispose(watch);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(JustScaleAuthenticationDefaults.SubjectClaim, user.Id.ToString()),
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(JustScaleAuthenticationDefaults.EmailClaim, user.Email),
                new Claim(JustScaleAuthenticationDefaults.EmailVerifiedClaim, user.EmailVerifiedAt is null ? "false" : "true", ClaimValueTypes.Boolean),
                new Claim(JustScaleAuthenticationDefaults.SessionIdClaim, session.Id.ToString()),
                new Claim(JustScaleAuthenticationDefaults.NameClaim, user.Name ?? user.Email),
            ],
            Scheme.Name,
            JustScaleAuthenticationDefaults.EmailClaim,
            JustScaleAuthenticationDefaults.RoleClaim);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    /// <summary>Answers 401 in the JustScale error format, with <c>WWW-Authenticate: Bearer</c>.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Response.WriteAsJsonAsync(new ChallengeBody("Authentication required", "unauthorized"), Context.RequestAborted);
    }

    private bool TryGetCredential(out string token, out bool fromCookie)
    {
        fromCookie = false;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith(BearerPrefix, StringComparison.Ordinal))
        {
            token = header[BearerPrefix.Length..].Trim();
            return token.Length > 0;
        }

        if (Options.QueryTokenPaths.Any(p => Request.Path.StartsWithSegments(p)) && Request.Query["access_token"].ToString() is { Length: > 0 } query)
        {
            token = query;
            return true;
        }

        if (authOptions.Cookie is { } cookie && Request.Cookies[cookie.Name] is { Length: > 0 } value && IsSameSiteOrSafe())
        {
            token = value;
            fromCookie = true;
            return true;
        }

        token = "";
        return false;
    }

    private bool IsSameSiteOrSafe() =>
        HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method) || HttpMethods.IsOptions(Request.Method)
        || Request.Headers["Sec-Fetch-Site"].ToString() is "same-origin" or "none";

    private sealed record ChallengeBody(string Error, string Code);

    private static bool IsSessionToken(string token) => token.Length == 64 && token.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
