using JustScale.Core;

namespace JustScale.Auth.Mail;

/// <summary>Reports that <see cref="SmtpEmailSender"/> could not hand a message to the SMTP server.</summary>
/// <remarks>The message names the server and what failed (connect, TLS, authentication, send or the timeout); the inner exception has the details.</remarks>
/// <param name="message">A message naming the server and what failed.</param>
/// <param name="innerException">The exception that caused it.</param>
public sealed class SmtpSendException(string message, Exception? innerException = null) : JustScaleException(message, innerException: innerException);
