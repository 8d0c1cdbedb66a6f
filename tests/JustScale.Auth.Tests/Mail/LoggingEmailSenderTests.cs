using JustScale.Auth;
using JustScale.Auth.Tests.Support;
using Microsoft.Extensions.Logging;

namespace JustScale.Auth.Tests.Mail;

/// <summary>Checks that LoggingEmailSender logs a masked recipient and the subject, never the link, token, body or address.</summary>
[TestFixture]
public sealed class LoggingEmailSenderTests
{
    private const string Token = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    [Test]
    public async Task SendAsync_ResetMessage_LogsMaskedRecipientAndSubjectOnly()
    {
        var capture = new LogCapture();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        var sender = new LoggingEmailSender(factory.CreateLogger<LoggingEmailSender>());
        var link = new Uri($"https://app.example.com/reset-password?token={Token}");
        var email = new AuthEmailTemplates().PasswordReset(new AuthEmailContext("ada.lovelace@example.com", "Ada", link, TimeSpan.FromHours(1)));

        await sender.SendAsync(email);

        Assert.That(capture.Lines, Is.EqualTo(new[]
        {
            $"Information {typeof(LoggingEmailSender).FullName}: Mail to a***@example.com: Reset your JustScale app password ",
        }));
        Assert.That(capture.Lines, Has.None.Contains(Token).And.None.Contains(link.AbsoluteUri).And.None.Contains("ada.lovelace")
            .And.None.Contains(email.TextBody).And.None.Contains("Hello Ada"));
    }
}
