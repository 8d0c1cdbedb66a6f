namespace JustScale.Auth;

/// <summary>Delivers the mail of the account flows (email verification, password reset).</summary>
/// <remarks>
/// The bodies hold one-time links: an implementation never logs them. JustScale ships three:
/// <see cref="LoggingEmailSender"/> (development), <see cref="OutboxEmailSender"/> (.eml files in a folder) and
/// SmtpEmailSender in the JustScale.Auth.Mail package.
/// </remarks>
public interface IAuthEmailSender
{
    /// <summary>Sends one message; the returned task completes when the message has been handed over.</summary>
    Task SendAsync(AuthEmail email, CancellationToken cancellationToken = default);
}
