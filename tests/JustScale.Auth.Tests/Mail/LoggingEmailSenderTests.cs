using JustScale.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JustScale.Auth.Tests.Mail;

/// <summary>Checks that LoggingEmailSender logs a masked recipient and the subject, never the link, token, body or address.</summary>
[TestFixture]
public sealed class LoggingEmailSenderTests
{
    private const string Token = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    [Test]
    public async Task SendAsync_ResetMessage_LogsMaskedRecipientAndSubjectOnly()
    {
        var logger = new FakeLogger<LoggingEmailSender>();
        var sender = new LoggingEmailSender(logger);
        var link = new Uri($"https://app.example.com/reset-password?token={Token}");
        var email = new AuthEmailTemplates().PasswordReset(new AuthEmailContext("ada.lovelace@example.com", "Ada", link, TimeSpan.FromHours(1)));

        await sender.SendAsync(email);

        var records = logger.Collector.GetSnapshot();
        Assert.That(records.Select(r => (r.Level, r.Category, r.Message, r.Exception)), Is.EqualTo(new[]
        {
            (LogLevel.Information, typeof(LoggingEmailSender).FullName, "Mail to a***@example.com: Reset your JustScale app password", (Exception?)null),
        }));
        Assert.That(records.SelectMany(r => r.StructuredState ?? []).Select(p => p.Value ?? ""), Has.None.Contains(Token).And.None.Contains(link.AbsoluteUri).And.None.Contains("ada.lovelace")
            .And.None.Contains(email.TextBody).And.None.Contains("Hello Ada"));
    }
}
