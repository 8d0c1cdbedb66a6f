namespace JustScale.Auth.Mail;

/// <summary>Configures <see cref="SmtpEmailSender"/>: the server, the credentials, the transport security and the sender.</summary>
/// <remarks><see cref="ToString"/> never shows <see cref="Password"/>.</remarks>
public sealed class SmtpEmailOptions
{
    /// <summary>Gets or sets the SMTP server's host name or address; required.</summary>
    public string Host { get; set; } = "";

    /// <summary>Gets or sets the server port, 587 (submission with STARTTLS) unless set.</summary>
    public int Port { get; set; } = 587;

    /// <summary>Gets or sets the user name; when null or empty the sender does not authenticate.</summary>
    public string? Username { get; set; }

    /// <summary>Gets or sets the password that goes with <see cref="Username"/>.</summary>
    /// <remarks>Never logged, and never shown by <see cref="ToString"/>.</remarks>
    public string? Password { get; set; }

    /// <summary>Gets or sets how the connection is protected, <see cref="SmtpSecurity.StartTls"/> unless set.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Gets or sets the From mailbox, <c>JustScale &lt;no-reply@localhost&gt;</c> unless set.</summary>
    public string From { get; set; } = "JustScale <no-reply@localhost>";

    /// <summary>Gets or sets how long one send may take in all (connect, authenticate, send, disconnect), 30 seconds unless set.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Returns the server, port, security and user name, never the password.</summary>
    public override string ToString() =>
        $"smtp://{Host}:{Port} ({Security}{(string.IsNullOrEmpty(Username) ? "" : $", user {Username}")})";
}
