using NUnit.Framework;
using System.Text.RegularExpressions;
using MimeKit;

namespace JustScale.Testing;

/// <summary>Reads the mails the app wrote into its outbox folder (OutboxEmailSender: one .eml per mail), each once.</summary>
public sealed partial class Outbox(string folder)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30); // an upper limit: a mail is written in milliseconds
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <summary>Gets the folder the app writes into.</summary>
    public string Folder { get; } = folder;

    /// <summary>Returns every mail addressed to <paramref name="address"/>, oldest first, taken or not.</summary>
    public IReadOnlyList<MimeMessage> MailsTo(string address) => [.. Files().Select(Load).Where(mail => IsTo(mail, address))];

    /// <summary>Returns the next mail to <paramref name="address"/> not taken before, waiting briefly for its file; fails the test when none comes.</summary>
    public async Task<MimeMessage> TakeAsync(string address)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            foreach (var file in Files().Where(f => !_taken.Contains(f)))
            {
                var mail = Load(file);
                if (IsTo(mail, address))
                {
                    _taken.Add(file);
                    return mail;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"No mail to {address} arrived in {Folder} within {Patience.TotalSeconds} s.");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Returns the token at the end of the mail's link (<c>...?token=&lt;64 lowercase hex&gt;</c>) in its plain-text body.</summary>
    public static string TokenOf(MimeMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var match = LinkWithToken().Match(mail.TextBody ?? "");
        Assert.That(match.Success, Is.True, $"No link ending in token=<64 hex> in: {mail.TextBody}");
        return match.Groups["token"].Value;
    }

    /// <summary>Returns the token of the next mail to <paramref name="address"/> that carries a link (security notices, which
    /// carry none, are passed over), checking that it is addressed to it alone.</summary>
    public async Task<string> TakeTokenAsync(string address)
    {
        var mail = await TakeAsync(address);
        while (mail.TextBody?.Contains("If this was you, there is nothing to do.", StringComparison.Ordinal) == true)
        {
            mail = await TakeAsync(address);
        }

        Assert.That(mail.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { address }));
        return TokenOf(mail);
    }

    private IEnumerable<string> Files() =>
        Directory.Exists(Folder) ? Directory.EnumerateFiles(Folder, "*.eml").Order(StringComparer.Ordinal) : [];

    private static MimeMessage Load(string file) => MimeMessage.Load(file);

    private static bool IsTo(MimeMessage mail, string address) =>
        mail.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"https?://\S+[?&]token=(?<token>[0-9a-f]{64})(?=\s|$)")]
    private static partial Regex LinkWithToken();
}
