using JustScale.Auth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Users;

/// <summary>Addresses that could pass for another, or that are not RFC 5321 dot-atoms, are refused at registration with 400 (issue 25).</summary>
[TestFixture]
public sealed class LookalikeEmailTests
{
    private const string Password = "correct horse battery staple";
    private AuthTestCluster _auth = null!;

    [OneTimeSetUp]
    public async Task Start() => _auth = await AuthTestCluster.CreateAsync(StoreKind.InMemory, new FakeTimeProvider());

    [OneTimeTearDown]
    public async Task Stop() => await _auth.DisposeAsync();

    [TestCase("\u0430dmin@example.com", TestName = "Register_CyrillicLetterInALatinLocalPart_Refused")]
    [TestCase("admi\u0307n@example.com", TestName = "Register_CombiningDotAbove_Refused")]
    [TestCase("admin@\u0435xample.com", TestName = "Register_CyrillicLetterInTheDomain_Refused")]
    [TestCase("admin@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444", TestName = "Register_CyrillicDomain_Refused")]
    [TestCase("x@example.com.", TestName = "Register_TrailingDot_Refused")]
    [TestCase("x,attacker@evil.com", TestName = "Register_Comma_Refused")]
    [TestCase("x..y@example.com", TestName = "Register_DoubleDot_Refused")]
    [TestCase(".x@example.com", TestName = "Register_LeadingDot_Refused")]
    [TestCase("x@localhost", TestName = "Register_SingleLabelDomain_Refused")]
    [TestCase("\"x y\"@example.com", TestName = "Register_QuotedLocalPart_Refused")]
    [TestCase("x@-example.com", TestName = "Register_LabelStartingWithHyphen_Refused")]
    public void Register_Lookalike_Refused400InvalidEmail(string email)
    {
        var error = Assert.ThrowsAsync<InvalidAuthInputException>(() => _auth.Users.RegisterAsync(email, Password))!;

        Assert.That(error.StatusCode, Is.EqualTo(400));
        Assert.That(error.Code, Is.EqualTo("invalid_email"));
    }

    [TestCase("ada.lovelace+tag@example.com")]
    [TestCase("o'hara@mail.example.co.uk")]
    [TestCase("\u0430\u043d\u043d\u0430@xn--e1afmkfd.xn--p1ai")]
    [TestCase("user_1-2@sub-domain.example.com")]
    public async Task Register_WellFormed_Accepted(string email) =>
        Assert.That(await _auth.Users.RegisterAsync(email, Password), Is.Not.Null);
}
