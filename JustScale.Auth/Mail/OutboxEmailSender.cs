using System.Globalization;

namespace JustScale.Auth;

/// <summary>Writes each message as an RFC 5322 <c>.eml</c> file into a folder, for development and end-to-end tests.</summary>
/// <remarks>
/// A file is named <c>yyyyMMddTHHmmssfff-xxxxxxxx.eml</c> (UTC, then 8 random hex digits), so names sort by time.
/// It is written under a temporary name (starting with '.', ending in <c>.tmp</c>) in the same folder and then
/// renamed, so a reader that watches for <c>*.eml</c> never sees half a message. The folder is created when missing.
/// Any mail client opens the files; the bodies hold one-time links, so keep the folder private.
/// </remarks>
public sealed class OutboxEmailSender : IAuthEmailSender
{
    private readonly TimeProvider _time;
    private readonly string _from;

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

        Folder = Path.GetFullPath(folder);
        _time = time ?? TimeProvider.System;
        _from = from ?? "JustScale <no-reply@localhost>";
    }

    /// <summary>Gets the full path of the folder the messages are written into.</summary>
    public string Folder { get; }

    /// <summary>Writes the message into a new <c>.eml</c> file in <see cref="Folder"/>.</summary>
    public async Task SendAsync(AuthEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        var now = _time.GetUtcNow();
        var bytes = MimeMessageWriter.Write(email, _from, now);
        var name = string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:yyyyMMdd'T'HHmmssfff}-{MimeMessageWriter.RandomHex(4)}");

        Directory.CreateDirectory(Folder);
        var temporary = Path.Combine(Folder, $".{name}.tmp");
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, Path.Combine(Folder, $"{name}.eml"), overwrite: false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
