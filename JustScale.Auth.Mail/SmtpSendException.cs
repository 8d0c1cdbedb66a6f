using JustScale.Core;

namespace JustScale.Auth.Mail;

/// <summary>Reports that <see cref="SmtpEmailSender"/> could not hand a message to the SMTP server.</summary>
/// <remarks>The message names the server and what failed (connect, TLS, authentication, send or the timeout); the inner exception has the details.</remarks>
public sealed class SmtpSendException : JustScaleException
{
    /// <summary>Creates the exception with a message naming the server, and the exception that caused it.</summary>
    public SmtpSendException(string message, Exception? innerException = null)
        : base(message, innerException: innerException)
    {
    }
}
