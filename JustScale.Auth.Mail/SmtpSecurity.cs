namespace JustScale.Auth.Mail;

/// <summary>Chooses how <see cref="SmtpEmailSender"/> protects its connection to the SMTP server.</summary>
public enum SmtpSecurity
{
    /// <summary>Upgrades with STARTTLS, and fails when the server does not offer it (port 587).</summary>
    StartTls,

    /// <summary>Opens TLS before the first SMTP word (implicit TLS, port 465).</summary>
    SslOnConnect,

    /// <summary>Lets MailKit decide: TLS on port 465, otherwise STARTTLS when the server offers it, else none.</summary>
    Auto,

    /// <summary>Sends in clear text: only for a server on the same machine or a test sink.</summary>
    None,
}
