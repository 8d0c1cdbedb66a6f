using System.Diagnostics;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Users;

[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class UserServiceTests(StoreKind store)
{
    private const string Password = "correct horse battery staple";
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = new(Start);
    private AuthTestCluster _auth = null!;

    private UserService Users => _auth.Users;

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(Start);
        _auth = await AuthTestCluster.CreateAsync(store, _time);
    }

    [TearDown]
    public async Task TearDown() => await _auth.DisposeAsync();

    [Test]
    public async Task Register_MixedCaseEmail_StoresItTrimmedLowercaseWithHashNotPassword()
    {
        var user = await Users.RegisterAsync("  Ada@Example.COM ", Password, "Ada");

        var stored = await _auth.UserRepository.GetAsync(user.Id);
        Assert.That(stored!.Email, Is.EqualTo("ada@example.com"));
        Assert.That(stored.Name, Is.EqualTo("Ada"));
        Assert.That(stored.PasswordHash, Does.Not.Contain(Password));
        Assert.That(stored.PasswordHash, Does.Match("^[0-9a-f]{64}:[0-9a-f]{128}$"));
        Assert.That(stored.CreatedAt, Is.EqualTo(Start));
    }

    [Test]
    public async Task Register_SameEmailOtherCase_ThrowsUserExists()
    {
        await Users.RegisterAsync("ada@example.com", Password);

        var error = Assert.ThrowsAsync<UserExistsException>(() => Users.RegisterAsync("ADA@example.com", "another password"));

        Assert.That(error!.Message, Is.EqualTo("User with email ada@example.com already exists"));
        Assert.That(error.StatusCode, Is.EqualTo(409));
    }

    [Test]
    public async Task Register_ConcurrentSameEmail_ExactlyOneUser()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await Users.RegisterAsync(i % 2 == 0 ? "race@example.com" : "RACE@example.com", Password);
                return "created";
            }
            catch (UserExistsException)
            {
                return "exists";
            }
        }));

        Assert.That(outcomes.Count(o => o == "created"), Is.EqualTo(1));
        Assert.That(outcomes.Count(o => o == "exists"), Is.EqualTo(19));
        Assert.That(await _auth.UserRepository.CountAsync(Filter<User>.All), Is.EqualTo(1));
    }

    [TestCase("")]
    [TestCase(null)]
    public void Register_EmptyPassword_ThrowsPasswordRequired(string? password)
    {
        var error = Assert.ThrowsAsync<InvalidAuthInputException>(() => Users.RegisterAsync("ada@example.com", password!));

        Assert.That(error!.Message, Is.EqualTo("Password required"));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("no-at-sign")]
    [TestCase("two@@example.com")]
    [TestCase("@example.com")]
    [TestCase("ada@")]
    [TestCase("ada lovelace@example.com")]
    public async Task Register_MalformedEmail_Throws400AndStoresNothing(string email)
    {
        var error = Assert.ThrowsAsync<InvalidAuthInputException>(() => Users.RegisterAsync(email, Password));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(await _auth.UserRepository.CountAsync(Filter<User>.All), Is.Zero);
    }

    [Test]
    public async Task Register_OverlongEmail_Throws400()
    {
        var email = new string('a', 250) + "@example.com";

        Assert.ThrowsAsync<InvalidAuthInputException>(() => Users.RegisterAsync(email, Password));
        Assert.That(await _auth.UserRepository.CountAsync(Filter<User>.All), Is.Zero);
    }

    [Test]
    public async Task Register_SqlInjectionShapedEmail_StoredLiterally()
    {
        const string email = "robert'or'1'='1'--@example.com"; // quotes and dashes are dot-atom characters

        await Users.RegisterAsync(email, Password);

        Assert.That((await Users.FindByEmailAsync(email))?.Email, Is.EqualTo(email));
        Assert.That(await Users.AuthenticateAsync(email, Password), Is.Not.Null);
    }

    [Test]
    public async Task Register_OneMebibytePassword_RefusedQuicklyWithoutScrypt()
    {
        var huge = new string('p', 1024 * 1024);
        var times = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var error = Assert.ThrowsAsync<PasswordTooLongException>(() => Users.RegisterAsync("ada@example.com", huge));
            times.Add(Stopwatch.GetElapsedTime(started));
            Assert.That(error!.Message, Is.EqualTo("Password exceeds 1024 bytes"));
        }

        LatencyBound.AssertMedian(times, TimeSpan.FromSeconds(1), "RegisterAsync with a 1 MiB password, refused");
        Assert.That(await _auth.UserRepository.CountAsync(Filter<User>.All), Is.Zero);
    }

    [Test]
    public async Task Authenticate_RightPassword_ReturnsUserAndSetsLastLogin()
    {
        var user = await Users.RegisterAsync("ada@example.com", Password);
        _time.Advance(TimeSpan.FromMinutes(3));

        var authenticated = await Users.AuthenticateAsync(" ADA@example.com", Password);

        Assert.That(authenticated?.Id, Is.EqualTo(user.Id));
        Assert.That(authenticated!.LastLoginAt, Is.EqualTo(Start.AddMinutes(3)));
        Assert.That((await Users.FindByIdAsync(user.Id))!.LastLoginAt, Is.EqualTo(Start.AddMinutes(3)));
    }

    [Test]
    public async Task Authenticate_WrongPasswordUnknownEmailOrDisabled_ReturnsNull()
    {
        var user = await Users.RegisterAsync("ada@example.com", Password);
        await Users.RegisterAsync("bob@example.com", Password);
        await Users.DisableAsync(user.Id);

        Assert.That(await Users.AuthenticateAsync("bob@example.com", "wrong"), Is.Null);
        Assert.That(await Users.AuthenticateAsync("nobody@example.com", Password), Is.Null);
        Assert.That(await Users.AuthenticateAsync("ada@example.com", Password), Is.Null);
        Assert.That(await Users.AuthenticateAsync("bob@example.com", new string('x', 5000)), Is.Null);
        await Users.EnableAsync(user.Id);
        Assert.That(await Users.AuthenticateAsync("ada@example.com", Password), Is.Not.Null);
    }

    [Test]
    [NonParallelizable]
    public async Task Authenticate_UnknownEmail_CostsAboutAsMuchAsWrongPassword()
    {
        await Users.RegisterAsync("ada@example.com", Password);
        await Users.AuthenticateAsync("warm-up@example.com", Password);
        await Users.AuthenticateAsync("ada@example.com", "warm-up");
        double unknown = 0, wrong = 0;
        for (var i = 0; i < 15; i++)
        {
            unknown += await CpuMillisecondsAsync(() => Users.AuthenticateAsync($"nobody{i}@example.com", Password));
            wrong += await CpuMillisecondsAsync(() => Users.AuthenticateAsync("ada@example.com", "wrong password"));
        }

        // The work each path does, measured as this process's CPU time (nothing else of this assembly runs meanwhile),
        // so that other processes loading the machine cannot skew it the way they skew wall-clock time.
        var ratio = unknown / wrong;
        await TestContext.Out.WriteLineAsync($"CPU per login: unknown email {unknown / 15:F1} ms, wrong password {wrong / 15:F1} ms, ratio {ratio:F2}");
        Assert.That(ratio, Is.InRange(0.75, 1.25), $"unknown emails {unknown:F0} ms CPU, wrong passwords {wrong:F0} ms CPU over 15 logins each");
    }

    [Test]
    public async Task UpdatePassword_NewPasswordWorksOldFails()
    {
        var user = await Users.RegisterAsync("ada@example.com", Password);

        Assert.That(await Users.UpdatePasswordAsync(user.Id, "a new passphrase"), Is.True);

        Assert.That(await Users.AuthenticateAsync("ada@example.com", Password), Is.Null);
        Assert.That(await Users.AuthenticateAsync("ada@example.com", "a new passphrase"), Is.Not.Null);
        Assert.That(await Users.UpdatePasswordAsync(Guid.NewGuid(), "whatever it takes"), Is.False);
    }

    [Test]
    public async Task VerifyEmail_SetsEmailVerifiedAtToNow()
    {
        var user = await Users.RegisterAsync("ada@example.com", Password);
        _time.Advance(TimeSpan.FromHours(1));

        await Users.VerifyEmailAsync(user.Id);

        Assert.That((await Users.FindByIdAsync(user.Id))!.EmailVerifiedAt, Is.EqualTo(Start.AddHours(1)));
    }

    [Test]
    public async Task Logs_AfterRegisterAndLogin_HoldNoPasswordOrHash()
    {
        var user = await Users.RegisterAsync("ada@example.com", Password);
        await Users.AuthenticateAsync("ada@example.com", Password);
        await Users.AuthenticateAsync("ada@example.com", "wrong password");
        var hash = (await Users.FindByIdAsync(user.Id))!.PasswordHash;

        Assert.That(_auth.LogLines, Has.None.Contains(Password));
        Assert.That(_auth.LogLines, Has.None.Contains("wrong password"));
        Assert.That(_auth.LogLines, Has.None.Contains(hash.Split(':')[1]));
    }

    private static async Task<double> CpuMillisecondsAsync(Func<Task> action)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        await action();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds;
    }
}
