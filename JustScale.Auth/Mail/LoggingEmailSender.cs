using Microsoft.Extensions.Logging;

namespace JustScale.Auth;

/// <summary>Sends nothing: logs that a message would have gone out, for development and tests.</summary>
/// <remarks>
/// Logs at Information the subject and a masked recipient (<c>a***@example.com</c>), never the full address, the
/// bodies or the link: the link holds a one-time token, and addresses stay out of the logs as everywhere in JustScale.
/// To read the messages themselves during development, use <see cref="OutboxEmailSender"/>.
/// </remarks>
public sealed partial class LoggingEmailSender(ILogger<LoggingEmailSender> logger) : IAuthEmailSender
{
    /// <summary>Logs the masked recipient and the subject of the message, and sends nothing.</summary>
    public Task SendAsync(AuthEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        cancellationToken.ThrowIfCancellationRequested();
        Log.Mail(logger, MailAddressMask.Mask(email.To), email.Subject);
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Mail to {To}: {Subject}")]
        public static partial void Mail(ILogger logger, string to, string subject);
    }
}
