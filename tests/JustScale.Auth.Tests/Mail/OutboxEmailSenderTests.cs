using System.Text;
using JustScale.Auth;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace JustScale.Auth.Tests.Mail;

/// <summary>Writes real .eml files with OutboxEmailSender and reads them back with MimeKit, an independent MIME parser.</summary>
[TestFixture]
public sealed class OutboxEmailSenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 5, 3, 123, TimeSpan.Zero);
    private const string Token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly Uri LongLink = new($"https://accounts.example.com/a/very/long/path/that/goes/on/reset-password?user=42&token={Token}");
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Path.Combine(Path.GetTempPath(), $"justscale-outbox-{Guid.NewGuid():N}", "outbox");

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);
        }
    }

    [Test]
    public async Task SendAsync_NonAsciiNameSubjectAndLongLink_RoundTripsThroughMimeKit()
    {
        var templates = new AuthEmailTemplates { ProductName = "Bücherstube Zoë" };
        var email = templates.PasswordReset(new AuthEmailContext("zoë@example.com", "Zoë Ångström-Čapek", LongLink, TimeSpan.FromHours(1)));
        var sender = new OutboxEmailSender(_folder, new FakeTimeProvider(Now), "Bücherstube <no-reply@example.com>");

        await sender.SendAsync(email);

        var file = Directory.GetFiles(_folder).Single();
        var message = await MimeMessage.LoadAsync(file);
        Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("zoë@example.com"));
        Assert.That(message.Subject, Is.EqualTo("Reset your Bücherstube Zoë password"));
        Assert.That(message.From.Mailboxes.Single().Name, Is.EqualTo("Bücherstube"));
        Assert.That(message.From.Mailboxes.Single().Address, Is.EqualTo("no-reply@example.com"));
        Assert.That(message.Date, Is.EqualTo(new DateTimeOffset(2026, 12, 1, 9, 5, 3, TimeSpan.Zero)));
        Assert.That(message.MessageId, Is.Not.Null.And.EndWith("@example.com"));
        Assert.That(message.Body?.ContentType.MimeType, Is.EqualTo("multipart/alternative"));
        Assert.That(message.TextBody, Is.EqualTo(email.TextBody));
        Assert.That(message.HtmlBody, Is.EqualTo(email.HtmlBody));
        Assert.That(message.TextBody, Does.Contain($"\n{LongLink.AbsoluteUri}\n"));
    }

    [Test]
    public async Task SendAsync_AnyMessage_WritesOneNamedFileAndNoTemporaryFile()
    {
        var sender = new OutboxEmailSender(_folder, new FakeTimeProvider(Now));

        await sender.SendAsync(new AuthEmail("ada@example.com", "Hi", "text", "<p>html</p>"));

        var files = Directory.GetFiles(_folder, "*", SearchOption.AllDirectories);
        Assert.That(files, Has.Length.EqualTo(1));
        Assert.That(Path.GetFileName(files[0]), Does.Match(@"^20261201T090503123-[0-9a-f]{8}\.eml$"));
        var message = await MimeMessage.LoadAsync(files[0]);
        Assert.That(message.From.Mailboxes.Select(m => (m.Name, m.Address)), Is.EqualTo(new[] { ("JustScale", "no-reply@localhost") }));
    }

    [Test]
    public async Task SendAsync_LongLinesAndNonAscii_WritesOnlyAsciiLinesOfAtMost76CharactersEndingInCrlf()
    {
        var body = $"{new string('x', 200)}\n{string.Concat(Enumerable.Repeat("é=€ ", 60))}\nends with a space \n{LongLink.AbsoluteUri}";
        var sender = new OutboxEmailSender(_folder, new FakeTimeProvider(Now));

        await sender.SendAsync(new AuthEmail("ada@example.com", string.Join(" ", Enumerable.Repeat("Grüße aus Köln", 12)), body, body));

        var bytes = await File.ReadAllBytesAsync(Directory.GetFiles(_folder).Single());
        var text = Encoding.ASCII.GetString(bytes);
        Assert.That(bytes, Has.All.LessThan(128));
        Assert.That(text.Replace("\r\n", "", StringComparison.Ordinal), Does.Not.Contain("\n").And.Not.Contain("\r"));
        Assert.That(text.Split("\r\n"), Has.All.Length.LessThanOrEqualTo(76));
        var message = await MimeMessage.LoadAsync(new MemoryStream(bytes));
        Assert.That(message.Subject, Is.EqualTo(string.Join(" ", Enumerable.Repeat("Grüße aus Köln", 12))));
        Assert.That(message.TextBody, Is.EqualTo(body));
        Assert.That(message.HtmlBody, Is.EqualTo(body));
    }

    [Test]
    public async Task SendAsync_LongAsciiSubject_FoldsAndUnfoldsExactly()
    {
        var subject = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"word{i}"));
        var sender = new OutboxEmailSender(_folder, new FakeTimeProvider(Now));

        await sender.SendAsync(new AuthEmail("ada@example.com", subject, "text", "html"));

        var file = Directory.GetFiles(_folder).Single();
        Assert.That(await File.ReadAllLinesAsync(file), Has.All.Length.LessThanOrEqualTo(78));
        Assert.That((await MimeMessage.LoadAsync(file)).Subject, Is.EqualTo(subject));
    }

    [Test]
    public async Task SendAsync_TwoMessagesInTheSameMillisecond_WritesTwoFiles()
    {
        var sender = new OutboxEmailSender(_folder, new FakeTimeProvider(Now));

        await Task.WhenAll(
            sender.SendAsync(new AuthEmail("ada@example.com", "One", "1", "1")),
            sender.SendAsync(new AuthEmail("ada@example.com", "Two", "2", "2")));

        Assert.That(Directory.GetFiles(_folder, "*.eml"), Has.Length.EqualTo(2));
    }

    [Test]
    public void Constructor_FromWithLineBreak_Throws() =>
        Assert.That(() => new OutboxEmailSender(_folder, from: "A <a@example.com>\r\nBcc: b@example.com"), Throws.ArgumentException);
}
