using System.Text.Json;
using JustScale.Auth;

namespace JustScale.Auth.Tests.Passwords;

/// <summary>Verifies real hashes made by the TypeScript original (Node's crypto.scrypt), from shared/interop.</summary>
public sealed class NodeInteropTests
{
    private readonly PasswordService _passwords = new(new PasswordOptions());

    private static IEnumerable<TestCaseData> Valid() => Load("valid");

    private static IEnumerable<TestCaseData> Invalid() => Load("invalid");

    [TestCaseSource(nameof(Valid))]
    public async Task VerifyAsync_NodeHashWithItsPassword_ReturnsTrue(string password, string hash)
    {
        Assert.That(await _passwords.VerifyAsync(password, hash), Is.True);
    }

    [TestCaseSource(nameof(Invalid))]
    public async Task VerifyAsync_NodeHashWithAnotherPassword_ReturnsFalse(string password, string hash)
    {
        Assert.That(await _passwords.VerifyAsync(password, hash), Is.False);
    }

    [TestCaseSource(nameof(Valid))]
    public void NeedsRehash_NodeHashUnderDefaultOptions_ReturnsFalse(string password, string hash)
    {
        Assert.That(_passwords.NeedsRehash(hash), Is.False);
    }

    [Test]
    public async Task VerifyAsync_LoneSurrogatesHashedByNode_ReturnsTrue()
    {
        // Made with crypto.scryptSync("a\uD800b\uDFFFc", 32 bytes of 7, 64, 16384/8/1): Node encodes each lone
        // surrogate as U+FFFD (ef bf bd), and so does Encoding.UTF8.
        const string hash = "0707070707070707070707070707070707070707070707070707070707070707:"
            + "d4c03190eccf39215c09abcc7b874fee0b62475353a72a4b64cc5a721ea0d768"
            + "9c32456714aefb0429906e005066e93616f64798b0ad89029f920e99fe88992a";

        Assert.That(await _passwords.VerifyAsync("a\uD800b\uDFFFc", hash), Is.True);
    }

    [Test]
    public void InteropFile_Always_HoldsBothKindsOfCase()
    {
        Assert.That(Load("valid").Count(), Is.GreaterThanOrEqualTo(6));
        Assert.That(Load("invalid").Count(), Is.GreaterThanOrEqualTo(3));
    }

    private static IEnumerable<TestCaseData> Load(string kind)
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Passwords", "node-scrypt-hashes.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var index = 0;
        foreach (var entry in document.RootElement.GetProperty(kind).EnumerateArray())
        {
            var password = entry.GetProperty("password").GetString() ?? "";
            var hash = entry.GetProperty("hash").GetString() ?? "";
            yield return new TestCaseData(password, hash).SetArgDisplayNames($"{kind}{index++}");
        }
    }
}
