using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace JustScale.Auth.Mail;

/// <summary>Sends the account flows' messages through an SMTP server with MailKit, one connection per message.</summary>
/// <remarks>
/// Each send connects, upgrades or opens TLS as <see cref="SmtpEmailOptions.Security"/> says, authenticates when a
/// user name is set, sends a multipart/alternative message (text and HTML) and disconnects; the whole of it must
/// finish within <see cref="SmtpEmailOptions.Timeout"/>. A failure becomes a <see cref="SmtpSendException"/> that names
/// the server. Logs carry the subject and a masked recipient only: never the password, the bodies or the link.
/// </remarks>
public sealed partial class SmtpEmailSender : IAuthEmailSender
{
    private readonly SmtpEmailOptions _options;
    private readonly MailboxAddress _from;
    private readonly ILogger<SmtpEmailSender> _logger;

    /// <summary>Creates a sender for the server in <paramref name="options"/>, checking the options once, here.</summary>
    public SmtpEmailSender(SmtpEmailOptions options, ILogger<SmtpEmailSender>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host, "options.Host");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Port, "options.Port");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535, "options.Port");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, "options.Timeout");
        if (!MailboxAddress.TryParse(options.From, out var from))
        {
            throw new ArgumentException($"SmtpEmailOptions.From is not a mailbox such as \"App <no-reply@example.com>\": {options.From}", nameof(options));
        }

        _options = options;
        _from = from;
        _logger = logger ?? NullLogger<SmtpEmailSender>.Instance;
    }

    /// <summary>Sends the message through the configured SMTP server.</summary>
    /// <exception cref="SmtpSendException">The server could not be reached, refused the message, or took longer than the timeout.</exception>
    public async Task SendAsync(AuthEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var message = Build(email);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, _options.Timeout.TotalMilliseconds) };
        var step = "connect to";
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, Map(_options.Security), timeout.Token).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_options.Username))
            {
                step = "authenticate with";
                await client.AuthenticateAsync(_options.Username, _options.Password ?? "", timeout.Token).ConfigureAwait(false);
            }

            step = "send through";
            await client.SendAsync(message, timeout.Token).ConfigureAwait(false);
            step = "disconnect from";
            await client.DisconnectAsync(quit: true, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
            Log.Failed(_logger, Mask(email.To), email.Subject, _options.Host, _options.Port, exception);
            throw new SmtpSendException($"Could not {step} the SMTP server {_options.Host}:{_options.Port} within {_options.Timeout} (SmtpEmailOptions.Timeout).", exception);
        }
        // MailKit's AuthenticationException is named in full: while JustScale.Auth had a type of that name, the simple name
        // bound to it first inside namespace JustScale.Auth.Mail, and a refused login escaped unwrapped (SmtpEmailSenderTests).
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or SslHandshakeException
            or MailKit.Security.AuthenticationException or SmtpCommandException or SmtpProtocolException or NotSupportedException or InvalidOperationException)
        {
            Log.Failed(_logger, Mask(email.To), email.Subject, _options.Host, _options.Port, exception);
            throw new SmtpSendException($"Could not {step} the SMTP server {_options.Host}:{_options.Port}: {exception.Message}", exception);
        }

        Log.Sent(_logger, Mask(email.To), email.Subject, _options.Host, _options.Port);
    }

    private MimeMessage Build(AuthEmail email)
    {
        if (!MailboxAddress.TryParse(email.To, out var to))
        {
            throw new ArgumentException("AuthEmail.To is not a mailbox address that SMTP can carry.", nameof(email));
        }

        var message = new MimeMessage { Subject = email.Subject };
        message.From.Add(_from);
        message.To.Add(to);
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();
        return message;
    }

    private static SecureSocketOptions Map(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.Auto,
    };

    // a***@example.com: the logs keep the domain (useful when one provider bounces) but never the whole address.
    private static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 || at == address.Length - 1 ? "***" : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Mail to {To} sent through {Host}:{Port}: {Subject}")]
        public static partial void Sent(ILogger logger, string to, string subject, string host, int port);

        [LoggerMessage(2, LogLevel.Warning, "Mail to {To} could not be sent through {Host}:{Port}: {Subject}")]
        public static partial void Failed(ILogger logger, string to, string subject, string host, int port, Exception exception);
    }
}
