using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using JustScale.Auth;
using JustScale.Auth.Mail;

namespace JustScale.Auth.Mail.Tests;

/// <summary>Sends through a real SMTP server (Python's smtpd on loopback) and against servers that refuse or never answer.</summary>
[TestFixture]
public sealed class SmtpEmailSenderTests
{
    private const string Token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly Uri Link = new($"https://accounts.example.com/a/long/path/to/the/reset-password/page?user=42&token={Token}");

    [Test]
    public async Task SendAsync_RealSmtpServer_DeliversRecipientSubjectAndLink()
    {
        await using var sink = await PythonSmtpSink.StartAsync();
        var logger = new CapturingLogger<SmtpEmailSender>();
        var sender = new SmtpEmailSender(
            new SmtpEmailOptions
            {
                Host = "127.0.0.1",
                Port = sink.Port,
                Security = SmtpSecurity.None,
                From = "Acme <no-reply@acme.example>",
                Timeout = TimeSpan.FromSeconds(30), // an upper limit per step: python3's smtpd answers in milliseconds, a starved one later
            },
            logger);
        var templates = new AuthEmailTemplates { ProductName = "Acme" };
        var email = templates.PasswordReset(new AuthEmailContext("ada@example.com", "Zoë <Ada>", Link, TimeSpan.FromHours(1)));

        await sender.SendAsync(email);

        var (message, raw) = await sink.NextMessageAsync(Patience);
        Assert.That(raw, Does.Contain("To: ada@example.com").And.Contain("Subject: Reset your Acme password"));
        Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("ada@example.com"));
        Assert.That(message.From.Mailboxes.Single().Address, Is.EqualTo("no-reply@acme.example"));
        Assert.That(message.Subject, Is.EqualTo("Reset your Acme password"));
        Assert.That(message.TextBody, Is.EqualTo(email.TextBody));
        Assert.That(message.TextBody.Split('\n'), Does.Contain(Link.AbsoluteUri));
        Assert.That(message.HtmlBody, Is.EqualTo(email.HtmlBody));
        Assert.That(logger.Lines, Has.Count.EqualTo(1).And.None.Contains(Token).And.None.Contains("ada@").And.None.Contains("Zo"));
        Assert.That(logger.Lines.Single(), Does.Contain("a***@example.com"));
    }

    [Test]
    public async Task SendAsync_UsernameButServerWithoutAuth_ThrowsWithoutThePassword()
    {
        await using var sink = await PythonSmtpSink.StartAsync();
        var logger = new CapturingLogger<SmtpEmailSender>();
        var sender = new SmtpEmailSender(
            new SmtpEmailOptions { Host = "127.0.0.1", Port = sink.Port, Security = SmtpSecurity.None, Username = "app", Password = "s3cret-smtp-password" },
            logger);

        var thrown = Assert.ThrowsAsync<SmtpSendException>(() => sender.SendAsync(Email()));

        Assert.That(thrown.Message, Does.StartWith($"Could not authenticate with the SMTP server 127.0.0.1:{sink.Port}"));
        Assert.That(logger.Lines, Has.None.Contains("s3cret-smtp-password"));
        Assert.That(thrown.ToString(), Does.Not.Contain("s3cret-smtp-password"));
    }

    [Test]
    public async Task SendAsync_ServerRefusesTheLogin_ThrowsSmtpSendExceptionAndLogsWithoutThePassword()
    {
        await using var sink = await PythonSmtpSink.StartAsync(refuseLogins: true);
        var logger = new CapturingLogger<SmtpEmailSender>();
        var sender = new SmtpEmailSender(
            new SmtpEmailOptions { Host = "127.0.0.1", Port = sink.Port, Security = SmtpSecurity.None, Username = "app", Password = "s3cret-smtp-password" },
            logger);

        var thrown = Assert.ThrowsAsync<SmtpSendException>(() => sender.SendAsync(Email()));

        Assert.That(thrown.Message, Does.StartWith($"Could not authenticate with the SMTP server 127.0.0.1:{sink.Port}"));
        Assert.That(thrown.InnerException, Is.InstanceOf<MailKit.Security.AuthenticationException>());
        Assert.That(logger.Lines, Has.Count.EqualTo(1).And.None.Contains("s3cret-smtp-password"));
        Assert.That(logger.Lines.Single(), Does.Contain("could not be sent"));
        Assert.That(thrown.ToString(), Does.Not.Contain("s3cret-smtp-password"));
    }

    [Test]
    public async Task SendAsync_StartTlsAgainstServerWithoutIt_ThrowsInsteadOfSendingInClear()
    {
        await using var sink = await PythonSmtpSink.StartAsync();
        var sender = new SmtpEmailSender(new SmtpEmailOptions { Host = "127.0.0.1", Port = sink.Port, Security = SmtpSecurity.StartTls });

        var thrown = Assert.ThrowsAsync<SmtpSendException>(() => sender.SendAsync(Email()));

        Assert.That(thrown.Message, Does.StartWith($"Could not connect to the SMTP server 127.0.0.1:{sink.Port}"));
        Assert.That(sink.Output, Does.Not.Contain("MESSAGE FOLLOWS"));
    }

    [Test]
    public void SendAsync_NothingListening_ThrowsNamingTheServer()
    {
        var port = PythonSmtpSink.FreePort();
        var sender = new SmtpEmailSender(new SmtpEmailOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, Timeout = TimeSpan.FromSeconds(5) });

        var thrown = Assert.ThrowsAsync<SmtpSendException>(() => sender.SendAsync(Email()));

        Assert.That(thrown.Message, Does.StartWith($"Could not connect to the SMTP server 127.0.0.1:{port}"));
        Assert.That(thrown.InnerException, Is.InstanceOf<SocketException>());
    }

    [Test]
    public async Task SendAsync_ServerThatNeverGreets_GivesUpAfterTheTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepting = silent.AcceptTcpClientAsync();
        var sender = new SmtpEmailSender(new SmtpEmailOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, Timeout = TimeSpan.FromSeconds(1) });
        var clock = Stopwatch.StartNew();

        var thrown = Assert.ThrowsAsync<SmtpSendException>(() => sender.SendAsync(Email()));

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(thrown.Message, Is.EqualTo($"Could not connect to the SMTP server 127.0.0.1:{port} within 00:00:01 (SmtpEmailOptions.Timeout)."));
        using var client = await accepting;
    }

    [Test]
    public void SendAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var sender = new SmtpEmailSender(new SmtpEmailOptions { Host = "127.0.0.1", Port = PythonSmtpSink.FreePort(), Security = SmtpSecurity.None });

        Assert.That(() => sender.SendAsync(Email(), new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Constructor_InvalidOptions_ThrowsNamingTheSetting()
    {
        Assert.That(() => new SmtpEmailSender(new SmtpEmailOptions()), Throws.ArgumentException.With.Message.Contains("options.Host"));
        Assert.That(() => new SmtpEmailSender(new SmtpEmailOptions { Host = "smtp.example.com", Port = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new SmtpEmailSender(new SmtpEmailOptions { Host = "smtp.example.com", Timeout = TimeSpan.Zero }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new SmtpEmailSender(new SmtpEmailOptions { Host = "smtp.example.com", From = "not a mailbox <" }), Throws.ArgumentException.With.Message.Contains("From"));
    }

    [Test]
    public void ToString_Options_HidesThePassword()
    {
        var options = new SmtpEmailOptions { Host = "smtp.example.com", Username = "app", Password = "s3cret-smtp-password" };

        Assert.That(options.ToString(), Is.EqualTo("smtp://smtp.example.com:587 (StartTls, user app)"));
    }

    private static AuthEmail Email() =>
        new AuthEmailTemplates().Verification(new AuthEmailContext("ada@example.com", "Ada", Link, TimeSpan.FromDays(1)));
}
