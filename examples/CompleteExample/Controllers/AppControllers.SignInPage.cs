using System.Net;
using System.Text;
using JustScale.Auth.SignIn;
using JustScale.Http;
using Microsoft.AspNetCore.Http;
using static JustScale.Http.Routes;

namespace CompleteExample.Controllers;

/// <content>The sign-in page.</content>
public static partial class AppControllers
{
    /// <summary>Serves the sign-in page (plain HTML and JavaScript, same origin, no build step) at <c>/</c>, and at the landing
    /// paths the mailed link and the provider flow send the browser to (<c>/magic-link</c>, <c>/signed-in</c>).</summary>
    /// <remarks>The configured providers' buttons are rendered into the HTML, so the page offers them before any script runs.</remarks>
    public static Controller SignInPageController { get; } = Controller.Create("", (SignInOptions signIn) =>
    {
        var html = Encoding.UTF8.GetBytes(Resource("index.html").Replace("<!--providers-->", ProviderButtons(signIn), StringComparison.Ordinal));
        var script = Encoding.UTF8.GetBytes(Resource("signin.js"));
        Func<RequestContext, ValueTask> page = ctx => Write(ctx, "text/html; charset=utf-8", html);
        return new RouteTable
        {
            ["signInPage"] = Get("/").Handle(page),
            ["magicLinkPage"] = Get("/magic-link").Handle(page),
            ["signedInPage"] = Get("/signed-in").Handle(page),
            ["signInScript"] = Get("/signin.js").Handle(ctx => Write(ctx, "text/javascript; charset=utf-8", script)),
        };
    });

    private static ValueTask Write(IRequestContext ctx, string contentType, byte[] body)
    {
        var response = ctx.HttpContext.Response;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        // Scripts only from this origin (no inline script), no framing (clickjacking), no other origin contacted.
        response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        response.Headers["Referrer-Policy"] = "no-referrer"; // a ?token= or ?code= in the address never leaks to another site
        return new ValueTask(response.Body.WriteAsync(body, ctx.RequestAborted).AsTask());
    }

    private static string ProviderButtons(SignInOptions signIn)
    {
        if (signIn.OAuth is not { } oauth || oauth.Providers.Count == 0)
        {
            return "<p class=\"muted\">No provider is configured (JustScale:Auth:OAuth:Providers).</p>";
        }

        var buttons = new StringBuilder();
        foreach (var (name, provider) in oauth.Providers)
        {
            var href = WebUtility.HtmlEncode($"{oauth.Prefix.TrimEnd('/')}/{Uri.EscapeDataString(name)}/start");
            buttons.Append("<a class=\"button provider\" href=\"").Append(href).Append("\">Continue with ")
                .Append(WebUtility.HtmlEncode(provider.DisplayName ?? name)).Append("</a>\n");
        }

        return buttons.ToString();
    }

    private static string Resource(string name)
    {
        using var stream = typeof(AppControllers).Assembly.GetManifestResourceStream("SignInPage/" + name)
            ?? throw new InvalidOperationException($"The embedded resource SignInPage/{name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
