using JustScale.Auth;
using JustScale.Auth.Mail;

namespace JustScale.Auth.Mail.Tests;

/// <summary>Runs the SMTP snippets of docs/mail.md as the page shows them.</summary>
[TestFixture]
public sealed class SmtpDocsTests
{
    [Test]
    public async Task SmtpEmailSender_AsDocumented()
    {
        var smtpPassword = "from-configuration";
        var logger = new CapturingLogger<SmtpEmailSender>();
        var email = new AuthEmail("ada@example.com", "Hello", "Hello from Acme\n", "<p>Hello from Acme</p>\n");

        // Production: submission port with STARTTLS; the password comes from configuration, never from code
        var options = new SmtpEmailOptions
        {
            Host = "smtp.example.com",
            Port = 587,
            Security = SmtpSecurity.StartTls,
            Username = "apikey",
            Password = smtpPassword,
            From = "Acme <no-reply@acme.example>",
            Timeout = TimeSpan.FromSeconds(30),
        };
        IAuthEmailSender sender = new SmtpEmailSender(options, logger);

        await using var sink = await PythonSmtpSink.StartAsync();

        // Tests: a local SMTP server on loopback, no TLS, no login
        IAuthEmailSender local = new SmtpEmailSender(new SmtpEmailOptions { Host = "127.0.0.1", Port = sink.Port, Security = SmtpSecurity.None });
        await local.SendAsync(email);

        Assert.That(sender, Is.InstanceOf<SmtpEmailSender>());
        Assert.That(options.ToString(), Is.EqualTo("smtp://smtp.example.com:587 (StartTls, user apikey)"));
        var (message, _) = await sink.NextMessageAsync(TimeSpan.FromSeconds(60));
        Assert.That(message.TextBody, Is.EqualTo("Hello from Acme\n"));
    }
}
