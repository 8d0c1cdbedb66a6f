using System.Net;

namespace JustScale.Auth.Tests.Endpoints.Account;

// The step window (one step either side), replay, and the ticket's lifetime and attempts, by the fake clock.
public sealed partial class TwoFactorFlowTests
{
    [TestCase(-1)]
    [TestCase(1)]
    public async Task Verify_CodeOneStepAway_Accepted(int steps)
    {
        var (email, secret, _) = await EnabledUserAsync();
        _time.Advance(TimeSpan.FromMinutes(2)); // well past the step used to enable

        var token = await VerifyAsync(await LoginForTicketAsync(email), TotpCodes.At(secret, Now, steps));

        Assert.That(token, Does.Match("^[0-9a-f]{64}$"));
    }

    [TestCase(-2)]
    [TestCase(2)]
    public async Task Verify_CodeTwoStepsAway_Refused(int steps)
    {
        var (email, secret, _) = await EnabledUserAsync();
        _time.Advance(TimeSpan.FromMinutes(2));

        var (status, _) = await _client.PostAsync("/account/2fa/verify", new { ticket = await LoginForTicketAsync(email), code = TotpCodes.At(secret, Now, steps) });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Verify_SameCodeThatEnabled_AcceptedOnceThenRefused()
    {
        var email = NewEmail();
        var session = await _client.RegisterAsync(email);
        var secret = (await _client.PostAsync("/account/2fa/setup", token: session)).Body.GetProperty("secret").GetString()!;
        var code = TotpCodes.At(secret, Now);
        await _client.PostAsync("/account/2fa/enable", new { code, password = Password }, session);

        var token = await VerifyAsync(await LoginForTicketAsync(email), code);
        var (replayed, _) = await _client.PostAsync("/account/2fa/verify", new { ticket = await LoginForTicketAsync(email), code });

        Assert.That(token, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(replayed, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Verify_EarlierStepAfterALaterOneWasUsed_Refused()
    {
        var (email, secret, _) = await EnabledUserAsync();
        _time.Advance(TimeSpan.FromMinutes(2));
        await VerifyAsync(await LoginForTicketAsync(email), TotpCodes.At(secret, Now, 1));

        var (status, _) = await _client.PostAsync("/account/2fa/verify", new { ticket = await LoginForTicketAsync(email), code = TotpCodes.At(secret, Now) });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Verify_TicketJustUnderFiveMinutesOld_Succeeds()
    {
        var (email, secret, _) = await EnabledUserAsync();
        var ticket = await LoginForTicketAsync(email);

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));

        Assert.That(await VerifyAsync(ticket, TotpCodes.At(secret, Now)), Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public async Task Verify_TicketFiveMinutesOld_Unauthorized()
    {
        var (email, secret, _) = await EnabledUserAsync();
        var ticket = await LoginForTicketAsync(email);

        _time.Advance(TimeSpan.FromMinutes(5));
        var (status, body) = await _client.PostAsync("/account/2fa/verify", new { ticket, code = TotpCodes.At(secret, Now) });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Code(body), Is.EqualTo("invalid_two_factor"));
    }

    [Test]
    public async Task Verify_FourWrongCodesThenRight_Succeeds()
    {
        var (email, secret, _) = await EnabledUserAsync();
        _time.Advance(TimeSpan.FromSeconds(30));
        var ticket = await LoginForTicketAsync(email);
        var right = TotpCodes.At(secret, Now);

        for (var i = 0; i < 4; i++)
        {
            Assert.That((await _client.PostAsync("/account/2fa/verify", new { ticket, code = WrongCode(right) })).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        Assert.That(await VerifyAsync(ticket, right), Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public async Task Verify_FiveWrongCodes_TicketDeadForTheRightOne()
    {
        var (email, secret, _) = await EnabledUserAsync();
        _time.Advance(TimeSpan.FromSeconds(30));
        var ticket = await LoginForTicketAsync(email);
        var right = TotpCodes.At(secret, Now);

        for (var i = 0; i < 5; i++)
        {
            await _client.PostAsync("/account/2fa/verify", new { ticket, code = WrongCode(right) });
        }

        var (status, _) = await _client.PostAsync("/account/2fa/verify", new { ticket, code = right });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await VerifyAsync(await LoginForTicketAsync(email), right), Does.Match("^[0-9a-f]{64}$"), "a new ticket works: no lockout");
    }

    [Test]
    public async Task Verify_TicketUsedOnce_SecondUseUnauthorized()
    {
        var (email, secret, _) = await EnabledUserAsync();
        _time.Advance(TimeSpan.FromSeconds(30));
        var ticket = await LoginForTicketAsync(email);
        await VerifyAsync(ticket, TotpCodes.At(secret, Now));
        _time.Advance(TimeSpan.FromSeconds(30));

        var (status, _) = await _client.PostAsync("/account/2fa/verify", new { ticket, code = TotpCodes.At(secret, Now) });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Verify_PasswordChangedAfterTicket_Unauthorized()
    {
        var (email, secret, session) = await EnabledUserAsync();
        var ticket = await LoginForTicketAsync(email);
        var (changed, _) = await _client.PostAsync("/account/password/change", new { currentPassword = Password, newPassword = "a brand new passphrase" }, session);
        _time.Advance(TimeSpan.FromSeconds(30));

        var (status, _) = await _client.PostAsync("/account/2fa/verify", new { ticket, code = TotpCodes.At(secret, Now) });

        Assert.That(changed, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
