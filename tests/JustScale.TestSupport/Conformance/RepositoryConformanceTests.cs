using JustScale.Core;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace JustScale.Testing;

/// <summary>Specifies the <see cref="IRepository{T}"/> contract; every store runs it unchanged by deriving from it.</summary>
public abstract partial class RepositoryConformanceTests
{
    /// <summary>Gets the start time of every test.</summary>
    protected static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private ConformanceStore? _store;

    /// <summary>Gets the clock the repositories use.</summary>
    protected FakeTimeProvider Time { get; private set; } = new(Start);

    private IRepository<Account> Accounts => _store!.Accounts;

    private IRepository<Ticket> Tickets => _store!.Tickets;

    private IRepository<Item> Items => _store!.Items;

    /// <summary>Creates empty repositories for one test, using the given clock.</summary>
    protected abstract Task<ConformanceStore> CreateStoreAsync(TimeProvider time);

    /// <summary>Creates the store for a test.</summary>
    [SetUp]
    public async Task CreateStore()
    {
        Time = new FakeTimeProvider(Start);
        _store = await CreateStoreAsync(Time);
    }

    private static Account NewAccount(string email = "ada@example.com", int score = 1) =>
        new() { Email = email, Score = score, Active = true };

    private async Task<Account> InsertAccountAsync(string email = "ada@example.com", int score = 1) =>
        await Accounts.InsertAsync(NewAccount(email, score));

    [Test]
    public async Task Insert_NewEntity_AssignsIdTimestampsAndDefaults()
    {
        var account = await InsertAccountAsync();

        Assert.That(account.Id, Is.Not.EqualTo(Guid.Empty));
        Assert.That(account.CreatedAt, Is.EqualTo(Start));
        Assert.That(account.UpdatedAt, Is.EqualTo(Start));
        Assert.That(account.Plan, Is.EqualTo("free"));
        var stored = await Accounts.GetAsync(account.Id);
        Assert.That(stored, Is.Not.Null);
        Assert.That(stored!.Email, Is.EqualTo("ada@example.com"));
        Assert.That(stored.Active, Is.True);
        Assert.That(stored.Plan, Is.EqualTo("free"));
        Assert.That(stored.CreatedAt, Is.EqualTo(Start));
    }

    [Test]
    public async Task Insert_GivenId_KeepsIt()
    {
        var id = Guid.NewGuid();
        var account = NewAccount();
        account.Id = id;

        await Accounts.InsertAsync(account);

        Assert.That((await Accounts.GetAsync(id))?.Email, Is.EqualTo("ada@example.com"));
    }

    [Test]
    public async Task Get_UnknownId_ReturnsNull()
    {
        Assert.That(await Accounts.GetAsync(Guid.NewGuid()), Is.Null);
    }

    [Test]
    public async Task Get_ReturnedEntityChanged_StoreUnchanged()
    {
        var account = await InsertAccountAsync();
        var copy = await Accounts.GetAsync(account.Id);
        copy!.Email = "changed@example.com";
        account.Email = "changed-too@example.com";

        Assert.That((await Accounts.GetAsync(account.Id))!.Email, Is.EqualTo("ada@example.com"));
    }

    [Test]
    public async Task Insert_DuplicateUniqueValue_ThrowsNamingFieldAndKeepsOneRow()
    {
        await InsertAccountAsync();

        var error = Assert.ThrowsAsync<UniqueConstraintException>(() => Accounts.InsertAsync(NewAccount()));

        Assert.That(error!.Field, Is.EqualTo("Email"));
        Assert.That(error.Model, Is.EqualTo("Account"));
        Assert.That(error.Message, Does.Not.Contain("ada@example.com"));
        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.EqualTo(1));
    }

    [Test]
    public async Task Insert_ParallelInsertsOfOneUniqueValue_ExactlyOneSucceeds()
    {
        const int attempts = 100;
        var results = await Task.WhenAll(Enumerable.Range(0, attempts).Select(async i =>
        {
            try
            {
                await Accounts.InsertAsync(NewAccount("same@example.com", i));
                return "ok";
            }
            catch (UniqueConstraintException)
            {
                return "duplicate";
            }
        }));

        Assert.That(results.Count(r => r == "ok"), Is.EqualTo(1));
        Assert.That(results.Count(r => r == "duplicate"), Is.EqualTo(attempts - 1));
        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.EqualTo(1));
    }

    [Test]
    public async Task Insert_RequiredFieldNull_ThrowsAndStoresNothing()
    {
        var account = NewAccount();
        account.Email = null!;

        var error = Assert.ThrowsAsync<FieldValidationException>(() => Accounts.InsertAsync(account));

        Assert.That(error!.Field, Is.EqualTo("Email"));
        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.Zero);
    }

    [Test]
    public async Task Insert_StringOverMaxLength_ThrowsAndStoresNothing()
    {
        var account = NewAccount();
        account.Nickname = new string('x', 21);

        var error = Assert.ThrowsAsync<FieldValidationException>(() => Accounts.InsertAsync(account));

        Assert.That(error!.Field, Is.EqualTo("Nickname"));
        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.Zero);
    }

    [Test]
    public async Task Insert_MaxLengthInCharactersNotUtf16Units_Accepted()
    {
        var account = NewAccount();
        account.Nickname = string.Concat(Enumerable.Repeat("🔐", 20));

        await Accounts.InsertAsync(account);

        Assert.That((await Accounts.GetAsync(account.Id))!.Nickname, Is.EqualTo(account.Nickname));
    }

    [Test]
    public async Task Insert_NulCharacter_ThrowsAndStoresNothing()
    {
        var account = NewAccount("nul\0@example.com");

        Assert.ThrowsAsync<FieldValidationException>(() => Accounts.InsertAsync(account));
        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.Zero);
    }

    [Test]
    public async Task Insert_HostileText_StoredLiterally()
    {
        const string hostile = "x'); DROP TABLE accounts; --<script>\"é";
        var account = NewAccount(hostile);
        account.Bio = new string('b', 100_000);

        await Accounts.InsertAsync(account);

        var found = await Accounts.FindOneAsync(Filter<Account>.Where(Account.Model.Field(a => a.Email), hostile));
        Assert.That(found?.Email, Is.EqualTo(hostile));
        Assert.That(found!.Bio, Has.Length.EqualTo(100_000));
    }

    [Test]
    public async Task Insert_TimestampWithTicks_StoredAtMicrosecondPrecisionInUtc()
    {
        var account = NewAccount();
        account.SeenAt = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        await Accounts.InsertAsync(account);

        var stored = await Accounts.GetAsync(account.Id);
        Assert.That(stored!.SeenAt, Is.EqualTo(new DateTimeOffset(2026, 5, 6, 5, 8, 9, TimeSpan.Zero).AddTicks(1_234_560)));
        Assert.That(stored.SeenAt!.Value.Offset, Is.EqualTo(TimeSpan.Zero));
    }
}
