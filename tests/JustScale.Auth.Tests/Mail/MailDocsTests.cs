using System.Net;
using System.Security.Cryptography;
using JustScale.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using MimeKit;

namespace JustScale.Auth.Tests.Mail;

/// <summary>Runs the snippets of docs/mail.md as the page shows them.</summary>
[TestFixture]
public sealed class MailDocsTests
{
    [Test]
    public async Task SendersAndTemplates_AsDocumented()
    {
        var folder = Directory.CreateTempSubdirectory("justscale-docs-outbox-").FullName;
        var capture = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new FakeLoggerProvider(capture)));
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

        // Development: one log line per message (masked recipient and subject, never the link)
        IAuthEmailSender logOnly = new LoggingEmailSender(loggerFactory.CreateLogger<LoggingEmailSender>());

        // Development and end-to-end tests: one .eml file per message, opened by any mail client
        IAuthEmailSender outbox = new OutboxEmailSender(folder, TimeProvider.System, "Acme <no-reply@acme.example>");

        var templates = new AuthEmailTemplates { ProductName = "Acme" };
        var link = new Uri($"https://acme.example/reset-password?token={token}");
        var email = templates.PasswordReset(new AuthEmailContext("ada@example.com", "Ada", link, TimeSpan.FromHours(1)));
        await outbox.SendAsync(email);
        await logOnly.SendAsync(email);

        var message = await MimeMessage.LoadAsync(Directory.GetFiles(folder, "*.eml").Single());
        Assert.That(message.Subject, Is.EqualTo("Reset your Acme password"));
        Assert.That(message.TextBody?.Split('\n'), Does.Contain(link.AbsoluteUri));
        Assert.That(capture.GetSnapshot().Single().Message, Does.Contain("Mail to a***@example.com: Reset your Acme password"));
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public void Templates_Replaced_AsDocumented()
    {
        var templates = new AuthEmailTemplates();
        var context = new AuthEmailContext("ada@example.com", "<Ada>", new Uri("https://acme.example/verify-email?token=00ff"), TimeSpan.FromDays(1));

        templates.Verification = context => new AuthEmail(
            context.To,
            "Welcome to Acme: confirm your address",
            $"Hi {context.Name},\n\nConfirm your address by opening this link:\n\n{context.Link.AbsoluteUri}\n",
            $"<p>Hi {WebUtility.HtmlEncode(context.Name)},</p>\n<p><a href=\"{WebUtility.HtmlEncode(context.Link.AbsoluteUri)}\">Confirm your address</a></p>\n");

        var email = templates.Verification(context);
        Assert.That(email.HtmlBody, Does.Contain("Hi &lt;Ada&gt;,"));
        Assert.That(email.TextBody.Split('\n'), Does.Contain("https://acme.example/verify-email?token=00ff"));
    }
}
