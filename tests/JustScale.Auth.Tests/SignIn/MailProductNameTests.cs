using System.Net;
using JustScale.Auth.Tests.Support;
using MimeKit;

namespace JustScale.Auth.Tests.SignIn;

/// <summary>Mails name the product after the host's application (<c>IHostEnvironment.ApplicationName</c>) unless the templates set one.</summary>
public sealed class MailProductNameTests
{
    private DirectoryInfo _outbox = null!;

    [SetUp]
    public void Folder() => _outbox = Directory.CreateTempSubdirectory("signin26-outbox-");

    [TearDown]
    public void Clean() => _outbox.Delete(recursive: true);

    private async Task<string> ResetSubjectAsync(Action<AuthEndpointsOptions>? endpoints = null)
    {
        await using var app = await SignInApp.StartAsync(
            StoreKind.InMemory,
            endpoints: options =>
            {
                options.EmailSender = new OutboxEmailSender(_outbox.FullName);
                options.ForgotPasswordMinimumDuration = TimeSpan.Zero;
                endpoints?.Invoke(options);
            },
            applicationName: "Team Tasks");
        var email = $"u-{Guid.NewGuid():N}@example.com";
        await app.RegisterAsync(email);

        var (status, _, _) = await app.PostAsync("/account/password/forgot", new { email });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted));
        var message = await MimeMessage.LoadAsync(_outbox.GetFiles("*.eml").Single().FullName);
        return message.Subject ?? "";
    }

    [Test]
    public async Task PasswordResetMail_HostedApp_NamesTheHostApplication() =>
        Assert.That(await ResetSubjectAsync(), Is.EqualTo("Reset your Team Tasks password"));

    [Test]
    public async Task PasswordResetMail_ProductNameSetInCode_Wins() =>
        Assert.That(await ResetSubjectAsync(options => options.Templates.ProductName = "Acme"), Is.EqualTo("Reset your Acme password"));
}
