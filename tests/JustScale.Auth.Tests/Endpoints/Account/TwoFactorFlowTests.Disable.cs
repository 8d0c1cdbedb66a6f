using System.Net;

namespace JustScale.Auth.Tests.Endpoints.Account;

// Turning two-factor login off: always with the password (issue 25), and a code when one is given; a wrong one changes nothing.
public sealed partial class TwoFactorFlowTests
{
    [Test]
    public async Task Disable_WithPassword_LoginGivesTokenAgain()
    {
        var (email, _, session) = await EnabledUserAsync();

        var (status, body) = await _client.PostAsync("/account/2fa/disable", new { password = Password }, session);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(await _client.LoginAsync(email), Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public async Task Disable_WithPasswordAndCurrentCode_LoginGivesTokenAgain()
    {
        var (email, secret, session) = await EnabledUserAsync();
        _time.Advance(TimeSpan.FromSeconds(30));

        var (status, body) = await _client.PostAsync("/account/2fa/disable", new { password = Password, code = TotpCodes.At(secret, Now) }, session);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(await _client.LoginAsync(email), Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public async Task Disable_CodeWithoutPassword_RefusedAndStillRequired()
    {
        var (email, secret, session) = await EnabledUserAsync();
        _time.Advance(TimeSpan.FromSeconds(30));

        var (status, body) = await _client.PostAsync("/account/2fa/disable", new { code = TotpCodes.At(secret, Now) }, session);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Code(body), Is.EqualTo("invalid_body"));
        Assert.That(await LoginForTicketAsync(email), Is.Not.Empty);
    }

    [Test]
    public async Task Disable_WrongPasswordOrCode_BadRequestAndStillRequired()
    {
        var (email, secret, session) = await EnabledUserAsync();
        _time.Advance(TimeSpan.FromSeconds(30));

        var (byPassword, passwordBody) = await _client.PostAsync("/account/2fa/disable", new { password = "not the password" }, session);
        var (byCode, codeBody) = await _client.PostAsync("/account/2fa/disable", new { password = Password, code = WrongCode(TotpCodes.At(secret, Now)) }, session);

        Assert.That(byPassword, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Code(passwordBody), Is.EqualTo("invalid_current_password"));
        Assert.That(byCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Code(codeBody), Is.EqualTo("invalid_code"));
        Assert.That(await LoginForTicketAsync(email), Is.Not.Empty);
    }

    [Test]
    public async Task Disable_NotEnabled_BadRequest()
    {
        var session = await _client.RegisterAsync(NewEmail());

        var (status, body) = await _client.PostAsync("/account/2fa/disable", new { password = Password }, session);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Code(body), Is.EqualTo("two_factor_not_enabled"));
    }
}
