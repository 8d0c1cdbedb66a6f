using JustScale.Auth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Passwords;

/// <summary>New passwords on the shipped common list are refused at registration, change and reset (NIST SP 800-63B 5.1.1.2, issue 25).</summary>
[TestFixture]
public sealed class CommonPasswordTests
{
    private AuthTestCluster _auth = null!;

    [OneTimeSetUp]
    public async Task Start() => _auth = await AuthTestCluster.CreateAsync(StoreKind.InMemory, new FakeTimeProvider());

    [OneTimeTearDown]
    public async Task Stop() => await _auth.DisposeAsync();

    [TestCase("password")]
    [TestCase("12345678")]
    [TestCase("qwertyuiop")]
    [TestCase("iloveyou1")]
    [TestCase("aaaaaaaa")]
    [TestCase("Password1")]
    [TestCase("P@ssw0rd")]
    [TestCase("summer2024")]
    public void Register_CommonPassword_Refused400NamingTheRule(string password)
    {
        var error = Assert.ThrowsAsync<InvalidAuthInputException>(() => _auth.Users.RegisterAsync($"common-{Guid.NewGuid():N}@example.com", password))!;

        Assert.That(error.StatusCode, Is.EqualTo(400));
        Assert.That(error.Code, Is.EqualTo("password_too_common"));
        Assert.That(error.Message, Is.EqualTo("Password is too common: choose one that is not on the list of common passwords"));
    }

    [Test]
    public async Task ChangeAndReset_CommonPassword_RefusedAndTheOldOneKept()
    {
        var email = $"keep-{Guid.NewGuid():N}@example.com";
        var user = await _auth.Users.RegisterAsync(email, "correct horse battery staple");

        Assert.ThrowsAsync<InvalidAuthInputException>(() => _auth.Users.ChangePasswordAsync(user.Id, "qwertyuiop", keepSessionId: null));
        Assert.ThrowsAsync<InvalidAuthInputException>(() => _auth.Users.ResetPasswordAsync(user.Id, "iloveyou1"));

        Assert.That(await _auth.Users.AuthenticateAsync(email, "correct horse battery staple"), Is.Not.Null);
    }

    [Test]
    public void List_HoldsWordsWithSuffixesKeyboardWalksAndDates() =>
        Assert.That(new[] { "monkey123", "dragon2024", "1qaz2wsx3edc", "zxcvbnm1", "welcome!" }, Has.All.Matches<string>(CommonPasswords.Contains));

    [Test]
    public async Task Register_UncommonPassword_Accepted() =>
        Assert.That(await _auth.Users.RegisterAsync($"fine-{Guid.NewGuid():N}@example.com", "violet staple orbit 42"), Is.Not.Null);
}
