using JustScale.Auth;

namespace JustScale.Auth.Tests.Mail;

/// <summary>Checks the default mail templates and AuthEmail's guards.</summary>
[TestFixture]
public sealed class AuthEmailTemplatesTests
{
    private const string Token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly Uri Link = new($"https://app.example.com/verify-email?user=7&token={Token}");

    [Test]
    public void Verification_NameWithScriptTag_LeftOutOfTheMail()
    {
        var email = new AuthEmailTemplates().Verification(new AuthEmailContext("ada@example.com", "<script>alert(1)</script>", Link, TimeSpan.FromDays(1)));

        Assert.That(email.HtmlBody, Does.Not.Contain("script"));
        Assert.That(email.TextBody, Does.StartWith("Hello,\n"));
    }

    [Test]
    public void Verification_NameWithApostrophe_ShownHtmlEncoded()
    {
        var email = new AuthEmailTemplates().Verification(new AuthEmailContext("ada@example.com", "Ada O'Brien", Link, TimeSpan.FromDays(1)));

        Assert.That(email.HtmlBody, Does.Contain("<p>Hello Ada O&#39;Brien,</p>"));
        Assert.That(email.TextBody, Does.StartWith("Hello Ada O'Brien,\n"));
    }

    [TestCase("Hello Ada, your account is locked. Restore it now at https://evil.example/r,")]
    [TestCase("Ada evil.example")]
    [TestCase("Ada\nVisit")]
    [TestCase("Ada 123")]
    [TestCase("Ada: click")]
    [TestCase("Adaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Verification_AttackerChosenName_LeftOutOfEveryBody(string name)
    {
        var email = new AuthEmailTemplates().Verification(new AuthEmailContext("ada@example.com", name, Link, TimeSpan.FromDays(1)));

        Assert.That(email.TextBody, Does.StartWith("Hello,\n"));
        Assert.That(email.TextBody, Does.Not.Contain("evil").And.Not.Contain("locked").And.Not.Contain("Visit"));
        Assert.That(email.HtmlBody, Does.Contain("<p>Hello,</p>"));
    }

    [TestCase("Ada")]
    [TestCase("Jean-Luc Picard")]
    [TestCase("J. R. R. Tolkien")]
    [TestCase("Zoë Ñúñez")]
    [TestCase("Анна")]
    public void Verification_PlainName_Shown(string name)
    {
        var email = new AuthEmailTemplates().Verification(new AuthEmailContext("ada@example.com", name, Link, TimeSpan.FromDays(1)));

        Assert.That(email.TextBody, Does.StartWith($"Hello {name},\n"));
    }

    [TestCase(SecurityNoticeKind.PasswordChanged, "password was changed")]
    [TestCase(SecurityNoticeKind.PasswordReset, "password was reset")]
    [TestCase(SecurityNoticeKind.TwoFactorEnabled, "Two-step sign-in was turned on")]
    [TestCase(SecurityNoticeKind.TwoFactorDisabled, "Two-step sign-in was turned off")]
    [TestCase(SecurityNoticeKind.RecoveryCodesRegenerated, "New recovery codes")]
    [TestCase(SecurityNoticeKind.EmailChanged, "email address")]
    public void SecurityNotice_EachKind_SaysWhatChangedWhenWithoutALink(SecurityNoticeKind kind, string subject)
    {
        var at = new DateTimeOffset(2026, 12, 6, 13, 5, 0, TimeSpan.Zero);

        var email = new AuthEmailTemplates().SecurityNotice(new SecurityNoticeContext("ada@example.com", "Ada", kind, at));

        Assert.That(email.To, Is.EqualTo("ada@example.com"));
        Assert.That(email.Subject, Does.Contain(subject));
        Assert.That(email.TextBody, Does.StartWith("Hello Ada,\n").And.Contain("On 2026-12-06 13:05 UTC,"));
        Assert.That(email.TextBody + email.HtmlBody, Does.Not.Contain("http").And.Not.Contain("href"));
    }

    [Test]
    public void Verification_Link_IsVerbatimOnItsOwnTextLineAndEncodedInHtml()
    {
        var email = new AuthEmailTemplates().Verification(new AuthEmailContext("ada@example.com", "Ada", Link, TimeSpan.FromDays(1)));

        Assert.That(email.TextBody.Split('\n'), Does.Contain(Link.AbsoluteUri));
        Assert.That(email.HtmlBody, Does.Contain($"href=\"https://app.example.com/verify-email?user=7&amp;token={Token}\""));
        Assert.That(email.HtmlBody, Does.Not.Contain("user=7&token"));
        Assert.That(email.Subject, Is.EqualTo("Confirm your email address for JustScale app"));
        Assert.That(email.TextBody, Does.StartWith("Hello Ada,\n").And.Contain("The link expires in 1 day."));
    }

    [Test]
    public void PasswordReset_ProductNameAndNoName_UsesProductNameAndPlainGreeting()
    {
        var templates = new AuthEmailTemplates { ProductName = "Acme & Co" };

        var email = templates.PasswordReset(new AuthEmailContext("ada@example.com", null, Link, TimeSpan.FromMinutes(30)));

        Assert.That(email.To, Is.EqualTo("ada@example.com"));
        Assert.That(email.Subject, Is.EqualTo("Reset your Acme & Co password"));
        Assert.That(email.TextBody, Does.StartWith("Hello,\n").And.Contain("The link expires in 30 minutes."));
        Assert.That(email.HtmlBody, Does.Contain("Acme &amp; Co").And.Not.Contain("Acme & Co"));
    }

    [Test]
    public void Verification_Replaced_UsesTheAppsTemplate()
    {
        var templates = new AuthEmailTemplates
        {
            Verification = context => new AuthEmail(
                context.To,
                "Welcome to Acme",
                $"Confirm here:\n{context.Link}\n",
                $"<a href=\"{System.Net.WebUtility.HtmlEncode(context.Link.AbsoluteUri)}\">Confirm</a>"),
        };

        var email = templates.Verification(new AuthEmailContext("ada@example.com", "Ada", Link, TimeSpan.FromDays(1)));

        Assert.That(email.Subject, Is.EqualTo("Welcome to Acme"));
    }

    [Test]
    public void ToString_AuthEmailAndContext_ShowNeitherBodiesNorLink()
    {
        var context = new AuthEmailContext("ada@example.com", "Ada", Link, TimeSpan.FromDays(1));
        var email = new AuthEmailTemplates().Verification(context);

        Assert.That(email.ToString(), Is.EqualTo("AuthEmail { To = ada@example.com, Subject = Confirm your email address for JustScale app }"));
        Assert.That(context.ToString(), Does.Not.Contain(Token).And.Contain("Ada"));
    }

    [Test]
    public void AuthEmail_LineBreakInSubjectOrRecipient_Throws()
    {
        Assert.That(() => new AuthEmail("ada@example.com", "Hi\r\nBcc: eve@example.com", "t", "h"), Throws.ArgumentException);
        Assert.That(() => new AuthEmail("ada@example.com\nBcc: eve@example.com", "Hi", "t", "h"), Throws.ArgumentException);
        Assert.That(() => new AuthEmail("ada@example.com", "Hi", "t", "h") with { Subject = "a\nb" }, Throws.ArgumentException);
    }

    [Test]
    public void AuthEmailContext_RelativeLink_Throws() =>
        Assert.That(() => new AuthEmailContext("ada@example.com", null, new Uri("/verify?token=1", UriKind.Relative), TimeSpan.FromDays(1)), Throws.ArgumentException);
}
