using System.Net;
using JustScale.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Auth.Tests.Endpoints.Account;

/// <summary>Checks the auth events an <see cref="IAuthEventObserver"/> in the host's services receives from the account flows.</summary>
[TestFixture("InMemory")]
[TestFixture("Postgres")]
public sealed class AccountEventTests(string store)
{
    private const string Password = "correct horse battery staple";
    private readonly AuthEventRecorder _recorder = new();
    private AccountApp _app = null!;
    private ApiClient _client = null!;

    [OneTimeSetUp]
    public async Task StartExample()
    {
        _app = await AccountApp.StartAsync(store, options => options.Services = services => services.AddSingleton<IAuthEventObserver>(_recorder));
        _client = new ApiClient(_app.Url);
    }

    [OneTimeTearDown]
    public async Task StopExample()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task Observer_RegisterLoginChangeReset_KindsInOrderWithIdsOnly()
    {
        var email = $"events-{Guid.NewGuid():N}@example.com";
        var (_, registered) = await _client.PostAsync("/auth/register", new { email, password = Password });
        var registeredToken = registered.GetProperty("token").GetString()!;
        var userId = Guid.Parse(registered.GetProperty("user").GetProperty("id").GetString()!);
        var loggedIn = await _client.LoginAsync(email);
        var (changed, _) = await _client.PostAsync("/account/password/change", new { currentPassword = Password, newPassword = "the second passphrase" }, loggedIn);
        await _client.PostAsync("/account/password/forgot", new { email });
        var resetToken = await _app.Outbox.TakeTokenAsync(email);
        var (reset, _) = await _client.PostAsync("/account/password/reset", new { token = resetToken, password = "the third passphrase" });

        var events = _recorder.Of(userId);

        Assert.That(changed, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(reset, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(events.Select(e => e.Kind), Is.EqualTo(new[]
        {
            AuthEventKind.Registered, AuthEventKind.SessionCreated,                 // register
            AuthEventKind.LoginSucceeded, AuthEventKind.SessionCreated,             // login
            AuthEventKind.SessionRevoked, AuthEventKind.PasswordChanged,            // change: the register session goes
            AuthEventKind.SessionRevoked, AuthEventKind.PasswordReset,              // reset: the login session goes
        }));
        Assert.That(events.Where(e => e.Kind == AuthEventKind.SessionRevoked).Select(e => e.Count), Is.EqualTo(new[] { 1, 1 }));
        var texts = _recorder.All.Select(e => e.ToString()).ToArray();
        foreach (var secret in new[] { email, registeredToken, loggedIn, resetToken, Password })
        {
            Assert.That(texts, Has.None.Contains(secret), secret);
        }
    }

    [Test]
    public async Task Observer_FailedLoginOfUnknownEmail_LoginFailedWithoutUser()
    {
        var before = _recorder.All.Count;
        var email = $"nobody-{Guid.NewGuid():N}@example.com";

        var (status, _) = await _client.PostAsync("/auth/login", new { email, password = Password });

        var added = _recorder.All.Skip(before).ToArray();
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(added.Select(e => (e.Kind, e.UserId)), Is.EqualTo(new[] { (AuthEventKind.LoginFailed, (Guid?)null) }));
        Assert.That(added.Select(e => e.ToString()), Has.None.Contains(email));
    }
}
