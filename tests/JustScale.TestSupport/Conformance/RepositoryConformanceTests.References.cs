using JustScale.Core;
using NUnit.Framework;

namespace JustScale.Testing;

/// <content>References between models.</content>
public abstract partial class RepositoryConformanceTests
{
    private static readonly Field<Ticket, Reference<Account>> TicketAccount = Ticket.Model.Field(t => t.Account);
    private static readonly Field<Ticket, string> TicketCode = Ticket.Model.Field(t => t.Code);

    private Task<Ticket> InsertTicketAsync(Account account, string code) =>
        Tickets.InsertAsync(new Ticket { Account = account, Code = code, ExpiresAt = Start.AddDays(1) });

    [Test]
    public async Task Insert_ReferenceToMissingEntity_ThrowsAndStoresNothing()
    {
        var ticket = new Ticket { Account = new Reference<Account>(Guid.NewGuid()), Code = "c1", ExpiresAt = Start };

        var error = Assert.ThrowsAsync<ReferenceConstraintException>(() => Tickets.InsertAsync(ticket));

        Assert.That(error!.Field, Is.EqualTo("Account"));
        Assert.That(await Tickets.CountAsync(Filter<Ticket>.All), Is.Zero);
    }

    [Test]
    public async Task Reference_Resolve_LoadsEntity()
    {
        var account = await InsertAccountAsync();
        var ticket = await InsertTicketAsync(account, "c1");

        var stored = await Tickets.GetAsync(ticket.Id);
        var owner = await stored!.Account.ResolveAsync(Accounts);

        Assert.That(stored.Account.Id, Is.EqualTo(account.Id));
        Assert.That(owner?.Email, Is.EqualTo(account.Email));
    }

    [Test]
    public async Task Delete_ReferencedEntity_CascadesToReferencingRows()
    {
        var keep = await InsertAccountAsync("keep@example.com");
        var doomed = await InsertAccountAsync("doomed@example.com");
        await InsertTicketAsync(keep, "k1");
        await InsertTicketAsync(doomed, "d1");
        await InsertTicketAsync(doomed, "d2");

        await Accounts.DeleteAsync(doomed.Id);

        var left = await Tickets.FindManyAsync(Filter<Ticket>.All);
        Assert.That(left.Select(t => t.Code), Is.EqualTo(new[] { "k1" }));
    }

    [Test]
    public async Task FindByReference_AcceptsReferenceOrEntity()
    {
        var account = await InsertAccountAsync();
        await InsertTicketAsync(account, "c1");
        await InsertTicketAsync(account, "c2");

        var byReference = await Tickets.CountAsync(Filter<Ticket>.Where(TicketAccount, Reference<Account>.To(account)));
        var byId = await Tickets.CountAsync(Filter<Ticket>.Where(TicketAccount, account.Id));

        Assert.That((byReference, byId), Is.EqualTo((2L, 2L)));
    }

    [Test]
    public async Task FindOneWith_Match_ReturnsEntityAndReferenced()
    {
        var account = await InsertAccountAsync();
        await InsertTicketAsync(account, "c1");

        var joined = await Tickets.FindOneWithAsync<Account>(Filter<Ticket>.Where(TicketCode, "c1"), TicketAccount);

        Assert.That(joined, Is.Not.Null);
        Assert.That(joined!.Entity.Code, Is.EqualTo("c1"));
        Assert.That(joined.Referenced.Id, Is.EqualTo(account.Id));
        Assert.That(joined.Referenced.Email, Is.EqualTo(account.Email));
        Assert.That(joined.Referenced.CreatedAt, Is.EqualTo(Start));
    }

    [Test]
    public async Task FindOneWith_NoMatch_ReturnsNull()
    {
        var account = await InsertAccountAsync();
        await InsertTicketAsync(account, "c1");

        Assert.That(await Tickets.FindOneWithAsync<Account>(Filter<Ticket>.Where(TicketCode, "nope"), TicketAccount), Is.Null);
    }

    [Test]
    public async Task FindManyWith_InFilter_ReturnsEveryMatchWithItsReferenced()
    {
        var ada = await InsertAccountAsync("ada@example.com");
        var bob = await InsertAccountAsync("bob@example.com");
        await InsertTicketAsync(ada, "c1");
        await InsertTicketAsync(bob, "c2");
        await InsertTicketAsync(ada, "c3");

        var joined = await Tickets.FindManyWithAsync<Account>(Filter<Ticket>.In(TicketCode, ["c1", "c2", "nope"]), TicketAccount);

        var pairs = joined.Select(j => (j.Entity.Code, j.Referenced.Email)).OrderBy(p => p.Code).ToList();
        Assert.That(pairs, Is.EqualTo(new[] { ("c1", "ada@example.com"), ("c2", "bob@example.com") }));
    }

    [Test]
    public async Task FindManyWith_NoMatch_ReturnsEmpty()
    {
        var account = await InsertAccountAsync();
        await InsertTicketAsync(account, "c1");

        Assert.That(await Tickets.FindManyWithAsync<Account>(Filter<Ticket>.Where(TicketCode, "nope"), TicketAccount), Is.Empty);
    }

    [Test]
    public void FindManyWith_FieldThatIsNoReference_ThrowsNamingIt()
    {
        var error = Assert.ThrowsAsync<ArgumentException>(() => Tickets.FindManyWithAsync<Account>(Filter<Ticket>.All, TicketCode));

        Assert.That(error!.Message, Does.Contain("does not reference Account"));
    }
}
