using System.Diagnostics;
using JustScale.Auth;
using JustScale.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace JustScale.Auth.Tests.Passwords;

/// <summary>Covers hashing, verification, the length limit and rehash detection at the default cost.</summary>
public sealed class PasswordServiceTests
{
    private static readonly string[] MalformedHashes =
    [
        "",
        ":",
        "nocolon",
        "a:b",
        "zzz:yyy",
        new string('a', 64) + ":" + new string('b', 126),
        new string('a', 64) + ":" + new string('b', 130),
        new string('a', 62) + ":" + new string('b', 128),
        new string('a', 64) + ":" + new string('b', 127),
        new string('a', 63) + ":" + new string('b', 129),
        new string('a', 64) + ";" + new string('b', 128),
        new string('A', 64) + ":" + new string('B', 128),
        new string('a', 64) + ":" + new string('g', 128),
        " " + new string('a', 63) + ":" + new string('b', 128),
        new string('a', 64) + ":" + new string('b', 128) + "\n",
        "$scrypt$",
        "$scrypt$ln=14,r=8,p=1$",
        "$7$C6..../....SodiumChloride$kBGj9fHznVYFQMEn/qDCfrDevf9YDtcDdKvEqHJLV8D",
    ];

    private readonly PasswordService _passwords = new(new PasswordOptions());

    [Test]
    public async Task HashAsync_AnyPassword_WritesLowercaseHexSaltColonKey()
    {
        var hash = await _passwords.HashAsync("correct horse battery staple");

        Assert.That(hash, Does.Match("^[0-9a-f]{64}:[0-9a-f]{128}$"));
    }

    [Test]
    public async Task HashAsync_ThenVerifyAsync_AcceptsThePasswordOnly()
    {
        var hash = await _passwords.HashAsync("Pässwörd-🔐");

        Assert.That(await _passwords.VerifyAsync("Pässwörd-🔐", hash), Is.True);
        Assert.That(await _passwords.VerifyAsync("Passwörd-🔐", hash), Is.False);
        Assert.That(await _passwords.VerifyAsync("", hash), Is.False);
    }

    [Test]
    public async Task HashAsync_SamePasswordTwice_UsesDifferentSalts()
    {
        var first = await _passwords.HashAsync("same password");
        var second = await _passwords.HashAsync("same password");

        Assert.That(first[..64], Is.Not.EqualTo(second[..64]));
        Assert.That(first[65..], Is.Not.EqualTo(second[65..]));
    }

    [Test]
    public async Task HashAsync_UnnormalisedUnicode_KeepsTheExactUtf8Bytes()
    {
        const string composed = "caf\u00e9";
        const string decomposed = "cafe\u0301";

        var hash = await _passwords.HashAsync(composed);

        Assert.That(await _passwords.VerifyAsync(composed, hash), Is.True);
        Assert.That(await _passwords.VerifyAsync(decomposed, hash), Is.False);
    }

    [Test]
    public async Task VerifyAsync_EmptyPasswordHashedOnPurpose_ReturnsTrue()
    {
        var hash = await _passwords.HashAsync("");

        Assert.That(await _passwords.VerifyAsync("", hash), Is.True);
    }

    [TestCaseSource(nameof(MalformedHashes))]
    public async Task VerifyAsync_MalformedHash_ReturnsFalseWithoutThrowing(string hash)
    {
        Assert.That(await _passwords.VerifyAsync("password", hash), Is.False);
    }

    [Test]
    public async Task VerifyAsync_UppercasedValidHash_ReturnsFalse()
    {
        var hash = await _passwords.HashAsync("password");

        Assert.That(await _passwords.VerifyAsync("password", hash.ToUpperInvariant()), Is.False);
    }

    [Test]
    public async Task VerifyAsync_TamperedKeyByte_ReturnsFalse()
    {
        var hash = await _passwords.HashAsync("password");
        var tampered = hash[..^1] + (hash[^1] == '0' ? '1' : '0');

        Assert.That(await _passwords.VerifyAsync("password", tampered), Is.False);
    }

    [Test]
    public void HashAsync_PasswordOfExactly1024Bytes_IsAccepted()
    {
        Assert.That(async () => await _passwords.HashAsync(new string('é', 512)), Throws.Nothing);
    }

    [TestCase(1025)]
    [TestCase(1024 * 1024)]
    public void HashAsync_PasswordOver1024Bytes_ThrowsPasswordTooLong(int bytes)
    {
        var exception = Assert.ThrowsAsync<PasswordTooLongException>(async () => await _passwords.HashAsync(new string('a', bytes)));

        Assert.That(exception.Message, Is.EqualTo("Password exceeds 1024 bytes"));
        Assert.That(exception.StatusCode, Is.EqualTo(400));
        Assert.That(exception.Code, Is.EqualTo("password_too_long"));
        Assert.That(exception, Is.InstanceOf<JustScaleException>());
    }

    [Test]
    public void HashAsync_MultiByteCharactersOver1024Bytes_ThrowsPasswordTooLong()
    {
        // 342 three-byte characters: 342 chars but 1026 UTF-8 bytes.
        Assert.That(async () => await _passwords.HashAsync(new string('€', 342)), Throws.TypeOf<PasswordTooLongException>());
    }

    [Test]
    public async Task VerifyAsync_OneMebibytePassword_ReturnsFalseFastWithoutScrypt()
    {
        using var spy = new ScryptSpy();
        var passwords = new PasswordService(new PasswordOptions(), TimeProvider.System, NullLogger.Instance, spy.Derive);
        var hash = await passwords.HashAsync("password");
        var huge = new string('a', 1024 * 1024);
        await passwords.VerifyAsync("warm-up", "malformed");

        var results = new List<bool>();
        var times = new List<TimeSpan>();
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            results.Add(await passwords.VerifyAsync(huge, hash));
            times.Add(Stopwatch.GetElapsedTime(started));
        }

        Assert.That(results, Is.All.False);
        Assert.That(spy.Calls, Is.EqualTo(1), "only the HashAsync above ran scrypt");

        // The spy's count is the proof; the time is the user-visible side of it. One scrypt run takes over 30 ms: the median of the 20
        // is held to 12.5 ms (a share of the 250 ms the 20 once had in all), which a stalled process cannot move (every one: full form).
        LatencyBound.AssertMedian(times, TimeSpan.FromMilliseconds(12.5), "VerifyAsync of a 1 MiB password");
    }

    [Test]
    public void HashAsync_OneMebibytePassword_ThrowsWithoutScrypt()
    {
        using var spy = new ScryptSpy();
        var passwords = new PasswordService(new PasswordOptions(), TimeProvider.System, NullLogger.Instance, spy.Derive);

        Assert.ThrowsAsync<PasswordTooLongException>(async () => await passwords.HashAsync(new string('a', 1024 * 1024)));
        Assert.That(spy.Calls, Is.Zero);
    }

    [Test]
    public async Task NeedsRehash_HashOfCurrentOptions_ReturnsFalse()
    {
        Assert.That(_passwords.NeedsRehash(await _passwords.HashAsync("password")), Is.False);
    }

    [TestCase("")]
    [TestCase("nocolon")]
    [TestCase("$scrypt$ln=99,r=8,p=1$x$y")]
    public void NeedsRehash_MalformedHash_ReturnsTrue(string hash)
    {
        Assert.That(_passwords.NeedsRehash(hash), Is.True);
    }

    [Test]
    public void PublicMembers_NullArguments_ThrowArgumentNull()
    {
        Assert.That(async () => await _passwords.HashAsync(null!), Throws.ArgumentNullException);
        Assert.That(async () => await _passwords.VerifyAsync(null!, "a:b"), Throws.ArgumentNullException);
        Assert.That(async () => await _passwords.VerifyAsync("password", null!), Throws.ArgumentNullException);
        Assert.That(() => _passwords.NeedsRehash(null!), Throws.ArgumentNullException);
    }
}
