using System.Text;

namespace JustScale.Auth.Tests.TwoFactor;

/// <summary>Checks the TOTP and base32 code against the RFCs' own test vectors.</summary>
[TestFixture]
public sealed class TotpTests
{
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    // RFC 6238, Appendix B, the SHA-1 rows: Unix time and the 8-digit code.
    [TestCase(59L, "94287082")]
    [TestCase(1111111109L, "07081804")]
    [TestCase(1111111111L, "14050471")]
    [TestCase(1234567890L, "89005924")]
    [TestCase(2000000000L, "69279037")]
    [TestCase(20000000000L, "65353130")]
    public void Code_Rfc6238Sha1Vectors_Match(long unixSeconds, string expected)
    {
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

        Assert.That(Totp.Code(RfcSecret, step, digits: 8), Is.EqualTo(expected));
        Assert.That(Totp.Code(RfcSecret, step), Is.EqualTo(expected[2..]), "six digits are the same value modulo 10^6");
    }

    [Test]
    public void StepAt_StepEdges_ThirtySecondSteps()
    {
        Assert.That(Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(29)), Is.EqualTo(0));
        Assert.That(Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(30)), Is.EqualTo(1));
        Assert.That(Totp.StepAt(DateTimeOffset.FromUnixTimeMilliseconds(59_999)), Is.EqualTo(1));
    }

    [TestCase("123456", true)]
    [TestCase("12345", false)]
    [TestCase("1234567", false)]
    [TestCase("12345a", false)]
    [TestCase("１２３４５６", false)]
    public void IsWellFormed_Shapes_OnlySixAsciiDigits(string code, bool expected) =>
        Assert.That(Totp.IsWellFormed(code), Is.EqualTo(expected));

    // RFC 4648, section 10.
    [TestCase("", "")]
    [TestCase("f", "MY")]
    [TestCase("fo", "MZXQ")]
    [TestCase("foo", "MZXW6")]
    [TestCase("foob", "MZXW6YQ")]
    [TestCase("fooba", "MZXW6YTB")]
    [TestCase("foobar", "MZXW6YTBOI")]
    public void Base32_Rfc4648Vectors_EncodeAndDecode(string text, string encoded)
    {
        Assert.That(Base32.Encode(Encoding.ASCII.GetBytes(text)), Is.EqualTo(encoded));
        Assert.That(Encoding.ASCII.GetString(Base32.Decode(encoded.ToLowerInvariant())), Is.EqualTo(text));
    }

    [Test]
    public void Base32_TwentyRandomBytes_RoundTripIn32Characters()
    {
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(20);

        var encoded = Base32.Encode(bytes);

        Assert.That(encoded, Has.Length.EqualTo(32));
        Assert.That(Base32.Decode(encoded), Is.EqualTo(bytes));
    }

    [Test]
    public void Base32_CharacterOutsideAlphabet_Throws() =>
        Assert.That(() => Base32.Decode("MZXW1"), Throws.InstanceOf<FormatException>());

    [TestCase("abcde-fghij", "abcdefghij")]
    [TestCase("ABCDE FGHIJ", "abcdefghij")]
    [TestCase("abcde-fghi", null)]
    [TestCase("abcde-fghij2", null)]
    [TestCase("abcde-fgh1j", null)]
    public void RecoveryCodes_Normalize_SeparatorsAndCaseIgnored(string code, string? expected) =>
        Assert.That(RecoveryCodes.Normalize(code), Is.EqualTo(expected));
}
