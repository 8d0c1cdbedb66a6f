using System.Globalization;
using System.Net;

namespace JustScale.Auth;

/// <summary>Builds the messages of the account flows; each template is a function that an app may replace.</summary>
/// <remarks>
/// The defaults write a plain-text and an HTML body. The text body carries the link verbatim on a line of its own;
/// the HTML body HTML-encodes every value it inserts (name, product name, link), so a name such as
/// <c>&lt;script&gt;</c> is shown, never run. A display name appears only when it is a short single line of letters with no
/// link (otherwise the mail says "Hello"): an attacker who registers with a victim's address cannot write to them.
/// </remarks>
public sealed class AuthEmailTemplates
{
    /// <summary>Creates the templates with the default verification and password-reset messages.</summary>
    public AuthEmailTemplates()
    {
        Verification = context => Build(
            context,
            $"Confirm your email address for {ProductName}",
            $"Please confirm your email address for {ProductName} by opening this link:",
            "Confirm email address",
            "If you did not create an account, you can ignore this message.");
        PasswordReset = context => Build(
            context,
            $"Reset your {ProductName} password",
            $"Someone asked to reset the password of your {ProductName} account. To choose a new one, open this link:",
            "Reset password",
            "If you did not ask for this, you can ignore this message: your password stays as it is.");
        MagicLink = context => Build(
            context,
            $"Sign in to {ProductName}",
            $"Someone asked to sign in to {ProductName} with this email address. To sign in, open this link:",
            "Sign in",
            "The link works once. If you did not ask for it, you can ignore this message.");
        SecurityNotice = BuildNotice;
    }

    /// <summary>Gets or sets the product name the default templates show: set here, else the host's application name
    /// (<c>IHostEnvironment.ApplicationName</c>, in the hosted style), else "JustScale app".</summary>
    public string ProductName
    {
        get => _productName;
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            _productName = value;
            _productNameSet = true;
        }
    }

    private string _productName = "JustScale app";
    private bool _productNameSet;

    /// <summary>Takes the host's application name as the product name, unless one was set explicitly.</summary>
    internal void UseHostName(string? applicationName)
    {
        if (!_productNameSet && !string.IsNullOrWhiteSpace(applicationName))
        {
            _productName = applicationName.Trim();
        }
    }

    /// <summary>Gets or sets the function that builds the email-verification message.</summary>
    public Func<AuthEmailContext, AuthEmail> Verification { get; set; }

    /// <summary>Gets or sets the function that builds the password-reset message.</summary>
    public Func<AuthEmailContext, AuthEmail> PasswordReset { get; set; }

    /// <summary>Gets or sets the function that builds the sign-in link (magic link) message.</summary>
    public Func<AuthEmailContext, AuthEmail> MagicLink { get; set; }

    /// <summary>Gets or sets the function that builds the notice of a change to the account (password, two-factor login, recovery codes, email).</summary>
    /// <remarks>Sent to the account's address after the change; it carries no link, and a name only when it passed the mail check
    /// (<see cref="SecurityNoticeContext.Name"/>).</remarks>
    public Func<SecurityNoticeContext, AuthEmail> SecurityNotice { get; set; }

    private AuthEmail BuildNotice(SecurityNoticeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (subject, what) = context.Kind switch
        {
            SecurityNoticeKind.PasswordChanged => ($"Your {ProductName} password was changed", "the password of your account was changed"),
            SecurityNoticeKind.PasswordReset => ($"Your {ProductName} password was reset", "the password of your account was reset with a link sent to this address"),
            SecurityNoticeKind.TwoFactorEnabled => ($"Two-step sign-in was turned on for your {ProductName} account", "two-step sign-in was turned on for your account, and your other sessions were signed out"),
            SecurityNoticeKind.TwoFactorDisabled => ($"Two-step sign-in was turned off for your {ProductName} account", "two-step sign-in was turned off for your account, and your other sessions were signed out"),
            SecurityNoticeKind.RecoveryCodesRegenerated => ($"New recovery codes for your {ProductName} account", "new recovery codes were made for your account; the old ones no longer work"),
            SecurityNoticeKind.EmailChanged => ($"The email address of your {ProductName} account was changed", "the email address of your account was changed; mail no longer goes to this address"),
            _ => throw new ArgumentOutOfRangeException(nameof(context), context.Kind, "Unknown security notice."),
        };
        var greeting = context.Name is { } name ? $"Hello {name}" : "Hello";
        var when = context.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var lead = $"On {when}, {what}.";
        const string Advice = "If this was you, there is nothing to do. If it was not, reset your password from the sign-in page now and contact support.";
        var text = $"{greeting},\n\n{lead}\n\n{Advice}\n";
        var html = $"<!DOCTYPE html>\n<html>\n<body>\n<p>{Encode(greeting)},</p>\n<p>{Encode(lead)}</p>\n<p>{Encode(Advice)}</p>\n</body>\n</html>\n";
        return new AuthEmail(context.To, subject, text, html);
    }

    private static AuthEmail Build(AuthEmailContext context, string subject, string lead, string action, string ignore)
    {
        ArgumentNullException.ThrowIfNull(context);
        var link = context.Link.AbsoluteUri;
        var greeting = MailDisplayName.Sanitize(context.Name) is { } name ? $"Hello {name}" : "Hello";
        var expires = $"The link expires in {Describe(context.ExpiresIn)}.";

        var text = $"{greeting},\n\n{lead}\n\n{link}\n\n{expires} {ignore}\n";
        var html = $"<!DOCTYPE html>\n<html>\n<body>\n<p>{Encode(greeting)},</p>\n<p>{Encode(lead)}</p>\n"
            + $"<p><a href=\"{Encode(link)}\">{Encode(action)}</a></p>\n<p>Or copy this link into your browser:<br>{Encode(link)}</p>\n"
            + $"<p>{Encode(expires)} {Encode(ignore)}</p>\n</body>\n</html>\n";
        return new AuthEmail(context.To, subject, text, html);
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string Describe(TimeSpan span)
    {
        static string Unit(double count, string unit) =>
            string.Create(CultureInfo.InvariantCulture, $"{count:0.#} {unit}{(count == 1 ? "" : "s")}");

        return span switch
        {
            { TotalDays: >= 1 } when span.TotalHours % 24 == 0 => Unit(span.TotalDays, "day"),
            { TotalHours: >= 1 } => Unit(Math.Round(span.TotalHours, 1), "hour"),
            { TotalMinutes: >= 1 } => Unit(Math.Round(span.TotalMinutes), "minute"),
            _ => Unit(Math.Max(0, Math.Round(span.TotalSeconds)), "second"),
        };
    }
}
