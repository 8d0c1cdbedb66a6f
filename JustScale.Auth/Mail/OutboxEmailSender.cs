using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace JustScale.Auth;

/// <summary>Writes each message as an RFC 5322 <c>.eml</c> file into a folder, for development and end-to-end tests.</summary>
/// <remarks>
/// A file is named <c>yyyyMMddTHHmmssfff-xxxxxxxx.eml</c> (UTC, then 8 random hex digits), so names sort by time.
/// It is written under a temporary name (starting with '.', ending in <c>.tmp</c>) in the same folder and then
/// renamed, so a reader that watches for <c>*.eml</c> never sees half a message. The folder is created when missing.
/// Any mail client opens the files; the bodies hold one-time links, so keep the folder private. MimeKit writes the
/// message (multipart/alternative, text and HTML): parts whose lines fit SMTP's 998 octets stay as they are (7bit or
/// 8bit), so a link stays whole in the file for people and scripts that read it; longer lines are encoded.
/// </remarks>
public sealed class OutboxEmailSender : IAuthEmailSender
{
    private static readonly FormatOptions Format = CreateFormat();

    private readonly TimeProvider _time;
    private readonly MailboxAddress _from;

    /// <summary>Creates a sender that writes into <paramref name="folder"/>, dating messages by <paramref name="time"/>.</summary>
    /// <param name="folder">The folder to write into; created when missing.</param>
    /// <param name="time">The clock for the Date header and the file name; the system clock when null.</param>
    /// <param name="from">The From header, <c>JustScale &lt;no-reply@localhost&gt;</c> when null.</param>
    public OutboxEmailSender(string folder, TimeProvider? time = null, string? from = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (from is not null && (string.IsNullOrWhiteSpace(from) || from.AsSpan().IndexOfAny('\r', '\n') >= 0))
        {
            throw new ArgumentException("From must be a mailbox such as \"App <no-reply@example.com>\", on one line.", nameof(from));
        }

        if (!MailboxAddress.TryParse(from ?? "JustScale <no-reply@localhost>", out var mailbox))
        {
            throw new ArgumentException($"From is not a mailbox such as \"App <no-reply@example.com>\": {from}", nameof(from));
        }

        Folder = Path.GetFullPath(folder);
        _time = time ?? TimeProvider.System;
        _from = mailbox;
    }

    /// <summary>Gets the full path of the folder the messages are written into.</summary>
    public string Folder { get; }

    /// <summary>Writes the message into a new <c>.eml</c> file in <see cref="Folder"/>.</summary>
    public async Task SendAsync(AuthEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        var now = _time.GetUtcNow();
        using var message = Build(email, now);
        var name = string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:yyyyMMdd'T'HHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");

        Directory.CreateDirectory(Folder);
        var temporary = Path.Combine(Folder, $".{name}.tmp");
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await message.WriteToAsync(Format, stream, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, Path.Combine(Folder, $"{name}.eml"), overwrite: false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private MimeMessage Build(AuthEmail email, DateTimeOffset now)
    {
        var message = new MimeMessage { Date = now.ToUniversalTime() };
        var subject = new Header(HeaderId.Subject, "");
        subject.SetValue(Format, Encoding.UTF8, email.Subject);
        message.Headers.Replace(subject);
        message.From.Add(_from);
        message.To.Add(MailboxAddress.TryParse(email.To, out var to) ? to : new MailboxAddress("", email.To));
        message.MessageId = MimeUtils.GenerateMessageId(_from.Domain is { Length: > 0 } domain ? domain : "localhost");
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();
        foreach (var part in message.BodyParts.OfType<TextPart>())
        {
            // Lines within SMTP's 998 octets go as they are; a part with longer ones goes base64 (MimeKit's quoted-printable
            // can write a 77-character line, over RFC 2045's 76).
            var best = part.GetBestEncoding(EncodingConstraint.EightBit, 998);
            part.ContentTransferEncoding = best is ContentEncoding.SevenBit or ContentEncoding.EightBit ? best : ContentEncoding.Base64;
        }

        return message;
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;

        // RFC 2047 limits a header line that holds encoded-words to 76 characters; MimeKit sizes each encoded-word by
        // MaxLineLength alone, so it is set to leave room for the field name ("Subject: ") in front of the first one.
        format.MaxLineLength = 60;
        return format;
    }
}
