using JustScale.Auth;

namespace JustScale.Auth.Tests.Passwords;

/// <summary>Covers non-default scrypt costs: the PHC form, cross-cost verification and rehash detection.</summary>
public sealed class CustomCostTests
{
    private readonly PasswordService _default = new(new PasswordOptions());
    private readonly PasswordService _cheaper = new(new PasswordOptions { Cost = 1024, BlockSize = 8, Parallelism = 2 });
    private readonly PasswordService _stronger = new(new PasswordOptions { Cost = 32768 });

    [Test]
    public async Task HashAsync_NonDefaultCost_WritesPhcStringWithItsParameters()
    {
        var hash = await _cheaper.HashAsync("password");

        Assert.That(hash, Does.Match(@"^\$scrypt\$ln=10,r=8,p=2\$[A-Za-z0-9+/]{43}\$[A-Za-z0-9+/]{86}$"));
    }

    [Test]
    public async Task HashAsync_NonDefaultCost_RoundTrips()
    {
        var hash = await _stronger.HashAsync("password");

        Assert.That(await _stronger.VerifyAsync("password", hash), Is.True);
        Assert.That(await _stronger.VerifyAsync("Password", hash), Is.False);
    }

    [Test]
    public async Task VerifyAsync_HashOfAnotherCost_UsesTheHashsOwnParameters()
    {
        var cheap = await _cheaper.HashAsync("password");
        var plain = await _default.HashAsync("password");

        Assert.That(await _default.VerifyAsync("password", cheap), Is.True);
        Assert.That(await _stronger.VerifyAsync("password", plain), Is.True);
    }

    [Test]
    public async Task NeedsRehash_CostDiffersFromOptions_ReturnsTrue()
    {
        var plain = await _default.HashAsync("password");
        var cheap = await _cheaper.HashAsync("password");

        Assert.That(_stronger.NeedsRehash(plain), Is.True);
        Assert.That(_default.NeedsRehash(cheap), Is.True);
        Assert.That(_cheaper.NeedsRehash(cheap), Is.False);
    }

    [Test]
    public async Task PhcForm_WithDefaultParameters_VerifiesAndNeedsNoRehash()
    {
        var hash = ToPhc(await _default.HashAsync("password"));

        Assert.That(await _default.VerifyAsync("password", hash), Is.True);
        Assert.That(_default.NeedsRehash(hash), Is.False);
    }

    [Test]
    public async Task Verify_PhcFormWithPaddedBase64_ReturnsFalse()
    {
        var parts = (await _cheaper.HashAsync("password")).Split('$');
        var padded = string.Join('$', parts[0], parts[1], parts[2], parts[3] + "=", parts[4] + "==");

        Assert.That(await _cheaper.VerifyAsync("password", string.Join('$', parts)), Is.True);
        Assert.That(await _cheaper.VerifyAsync("password", padded), Is.False);
    }

    [TestCase("ln=10,r=8,p=2", "ln=010,r=8,p=2")]
    [TestCase("ln=10,r=8,p=2", "ln=+10,r=8,p=2")]
    [TestCase("ln=10,r=8,p=2", "r=8,ln=10,p=2")]
    [TestCase("ln=10,r=8,p=2", "ln=10,r=8")]
    [TestCase("ln=10,r=8,p=2", "ln=10,r=8,p=2,x=1")]
    [TestCase("ln=10,r=8,p=2", "ln=10, r=8,p=2")]
    [TestCase("ln=10,r=8,p=2", "ln=0,r=8,p=2")]
    [TestCase("ln=10,r=8,p=2", "ln=31,r=8,p=2")]
    [TestCase("ln=10,r=8,p=2", "ln=10,r=0,p=2")]
    [TestCase("ln=10,r=8,p=2", "ln=10,r=8,p=17")]
    [TestCase("ln=10,r=8,p=2", "ln=24,r=64,p=1")]
    [TestCase("$scrypt$", "$SCRYPT$")]
    [TestCase("$scrypt$", "$scrypt$v=1$")]
    public async Task Verify_PhcFormSpelledNonCanonically_ReturnsFalse(string part, string replacement)
    {
        var hash = await _cheaper.HashAsync("password");
        var changed = hash.Replace(part, replacement, StringComparison.Ordinal);

        Assert.That(changed, Is.Not.EqualTo(hash));
        Assert.That(await _cheaper.VerifyAsync("password", changed), Is.False);
        Assert.That(_cheaper.NeedsRehash(changed), Is.True);
    }

    [Test]
    public async Task Verify_PhcSaltWithNonZeroTrailingBits_ReturnsFalse()
    {
        var hash = await _cheaper.HashAsync("password");
        var saltStart = hash.IndexOf('$', 9) + 1;
        // The 43rd base64 character of a 32-byte salt carries 4 data bits and 2 zero bits: its index is a multiple of 4,
        // so the next character of the alphabet is valid base64 that sets a zero bit.
        var nonCanonical = (char)(hash[saltStart + 42] + 1);
        var changed = string.Concat(hash.AsSpan(0, saltStart + 42), nonCanonical.ToString(), hash.AsSpan(saltStart + 43));

        Assert.That(await _cheaper.VerifyAsync("password", changed), Is.False);
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(1000)]
    [TestCase(-16384)]
    [TestCase(1 << 24)]
    public void Constructor_UnsupportedCost_ThrowsArgumentOutOfRange(int cost)
    {
        Assert.That(() => new PasswordService(new PasswordOptions { Cost = cost }), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Constructor_OutOfRangeOptions_ThrowArgumentOutOfRange()
    {
        Assert.That(() => new PasswordService(new PasswordOptions { BlockSize = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new PasswordService(new PasswordOptions { Parallelism = 17 }), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new PasswordService(new PasswordOptions { MaxConcurrentHashes = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new PasswordService(new PasswordOptions { MaxQueueWait = TimeSpan.FromSeconds(-1) }), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new PasswordService(new PasswordOptions { OverloadRetryAfter = TimeSpan.Zero }), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void AuthFeature_UnsupportedPasswordOptions_ThrowWhereConfigured()
    {
        Assert.That(() => new AuthFeature(options => options.Passwords.Cost = 1000),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("N=1000"));
        Assert.That(() => new AuthFeature(options => options.Passwords.MaxConcurrentHashes = 0),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("MaxConcurrentHashes"));
        Assert.That(() => new AuthFeature(options => options.Passwords.Cost = 32768), Throws.Nothing);
    }

    // Re-spells a plain hash (16384/8/1) in the PHC form.
    private static string ToPhc(string plain)
    {
        var salt = Convert.ToBase64String(Convert.FromHexString(plain[..64])).TrimEnd('=');
        var key = Convert.ToBase64String(Convert.FromHexString(plain[65..])).TrimEnd('=');
        return $"$scrypt$ln=14,r=8,p=1${salt}${key}";
    }
}
