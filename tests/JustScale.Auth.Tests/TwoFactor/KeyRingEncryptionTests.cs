using System.Security.Cryptography;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.TwoFactor;

/// <summary>The Data Protection key ring in the store is encrypted at rest with a key-encryption key the store never holds (issue 25).</summary>
[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class KeyRingEncryptionTests(StoreKind store)
{
    private static readonly byte[] Other = RandomNumberGenerator.GetBytes(32);
    private AuthTestCluster _cluster = null!;

    [SetUp]
    public async Task Start() => _cluster = await AuthTestCluster.CreateAsync(
        store, new FakeTimeProvider(DateTimeOffset.UtcNow), compose: builder => TwoFactorStore.Add(builder, store));

    [TearDown]
    public async Task Stop() => await _cluster.DisposeAsync();

    private IRepository<KeyRingEntry> Keys => _cluster.Cluster.Resolve<IRepository<KeyRingEntry>>();

    [Test]
    public async Task Protect_WithAKeyEncryptionKey_StoresNoPlaintextMasterKey()
    {
        await Keys.DeleteWhereAsync(Filter<KeyRingEntry>.All);
        using var protector = TwoFactorProtector.Create(new TwoFactorOptions { KeyEncryptionKey = TwoFactorStore.TestKey }, Keys, null);

        protector.Protect([1, 2, 3]);
        var stored = await Keys.FindManyAsync(Filter<KeyRingEntry>.All);

        Assert.That(stored, Is.Not.Empty);
        Assert.That(stored.Select(k => k.Xml), Has.All.Contain("encryptedSecret").And.All.Contain("https://justscale.dev/2026/data-protection/aes-gcm"));
        Assert.That(stored.Select(k => k.Xml), Has.None.Contain("<masterKey"));
    }

    [Test]
    public void Create_KeysInTheStoreWithoutAKeyEncryptionKey_FailsNamingTheSetting()
    {
        var error = Assert.Throws<JustScaleException>(() => TwoFactorProtector.Create(new TwoFactorOptions(), Keys, null))!;

        Assert.That(error.Message, Does.Contain("JustScale:Secrets:EncryptionKey").And.Contain("JustScale__Secrets__EncryptionKey"));
    }

    [Test]
    public void Unprotect_WithAnotherKeyEncryptionKey_CannotReadTheRing()
    {
        using var first = TwoFactorProtector.Create(new TwoFactorOptions { KeyEncryptionKey = TwoFactorStore.TestKey }, Keys, null);
        var secret = first.Protect([4, 5, 6]);
        using var stranger = TwoFactorProtector.Create(new TwoFactorOptions { KeyEncryptionKey = Other }, Keys, null);

        Assert.That(() => stranger.Unprotect(secret), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void Unprotect_AfterRotation_OldKeysReadWithThePreviousKey()
    {
        using var before = TwoFactorProtector.Create(new TwoFactorOptions { KeyEncryptionKey = TwoFactorStore.TestKey }, Keys, null);
        var secret = before.Protect([7, 8, 9]);
        var rotated = new TwoFactorOptions { KeyEncryptionKey = Other };
        rotated.PreviousKeyEncryptionKeys.Add(TwoFactorStore.TestKey);
        using var after = TwoFactorProtector.Create(rotated, Keys, null);

        Assert.That(after.Unprotect(secret), Is.EqualTo(new byte[] { 7, 8, 9 }));
    }

    [Test]
    public void Create_DevelopmentKeyFile_MadeOnceOwnerOnlyAndReused()
    {
        var file = new FileInfo(Path.Combine(Path.GetTempPath(), $"justscale-kek-{Guid.NewGuid():N}", "secrets.key"));
        try
        {
            using var first = TwoFactorProtector.Create(new TwoFactorOptions { DevelopmentKeyFile = file }, Keys, null);
            var secret = first.Protect([1]);
            var key = File.ReadAllText(file.FullName);
            using var second = TwoFactorProtector.Create(new TwoFactorOptions { DevelopmentKeyFile = file }, Keys, null);

            Assert.That(Convert.FromBase64String(key), Has.Length.EqualTo(32));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(file.FullName), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }

            Assert.That(second.Unprotect(secret), Is.EqualTo(new byte[] { 1 }));
            Assert.That(File.ReadAllText(file.FullName), Is.EqualTo(key));
        }
        finally
        {
            Directory.Delete(file.DirectoryName!, recursive: true);
        }
    }
}
