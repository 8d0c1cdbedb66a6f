using JustScale.Core;
using NUnit.Framework;

namespace JustScale.Testing;

/// <content>Richer queries: offset and keyset paging, IN and OR, several orderings, composite indexes.</content>
public abstract partial class RepositoryConformanceTests
{
    private static readonly Field<Item, string> Sku = Item.Model.Field(i => i.Sku);
    private static readonly Field<Item, int> Slot = Item.Model.Field(i => i.Slot);
    private static readonly Field<Item, Reference<Account>> Owner = Item.Model.Field(i => i.Owner);

    private async Task<Account> InsertSkusAsync(int count)
    {
        var owner = await InsertAccountAsync();
        for (var i = 1; i <= count; i++)
        {
            await InsertItemAsync(owner, $"sku-{i:D2}", slot: i, price: i % 3);
        }

        return owner;
    }

    [Test]
    public async Task FindMany_Offset_SkipsThatManyInOrder()
    {
        await InsertSkusAsync(7);

        var page = await Items.FindManyAsync(Filter<Item>.All, new FindOptions<Item> { OrderBy = Sku, Offset = 2, Limit = 3 });

        Assert.That(page.Select(i => i.Sku), Is.EqualTo(new[] { "sku-03", "sku-04", "sku-05" }));
    }

    [Test]
    public async Task FindMany_KeysetAfterAndBefore_PagesByTheUniqueKey()
    {
        await InsertSkusAsync(7);
        var pageSize = new FindOptions<Item> { Limit = 3 };

        var first = await Items.FindManyAsync(Filter<Item>.All, pageSize.After(Sku, ""));
        var second = await Items.FindManyAsync(Filter<Item>.All, pageSize.After(Sku, first[^1].Sku));
        var third = await Items.FindManyAsync(Filter<Item>.All, pageSize.After(Sku, second[^1].Sku));
        var back = await Items.FindManyAsync(Filter<Item>.All, pageSize.Before(Sku, third[0].Sku));

        Assert.That(first.Select(i => i.Sku), Is.EqualTo(new[] { "sku-01", "sku-02", "sku-03" }));
        Assert.That(second.Select(i => i.Sku), Is.EqualTo(new[] { "sku-04", "sku-05", "sku-06" }));
        Assert.That(third.Select(i => i.Sku), Is.EqualTo(new[] { "sku-07" }));
        Assert.That(back.Select(i => i.Sku), Is.EqualTo(second.Select(i => i.Sku)));
    }

    [Test]
    public async Task FindMany_KeysetWithFilter_KeepsBoth()
    {
        await InsertSkusAsync(7);

        var page = await Items.FindManyAsync(Filter<Item>.Where(Price, 1m), new FindOptions<Item> { Limit = 5 }.After(Sku, "sku-01"));

        Assert.That(page.Select(i => i.Sku), Is.EqualTo(new[] { "sku-04", "sku-07" }));
    }

    [Test]
    public void FindOptions_KeysetOnNonUniqueField_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new FindOptions<Item>().After(Slot, 3));
    }

    [Test]
    public async Task Filter_In_MatchesAnyOfTheValues()
    {
        var owner = await InsertSkusAsync(5);
        var other = await InsertAccountAsync("other@example.com");
        await InsertItemAsync(other, "other-1", slot: 1);

        var some = await Items.FindManyAsync(Filter<Item>.In(Sku, ["sku-02", "sku-04", "nope"]), new FindOptions<Item> { OrderBy = Sku });
        var none = await Items.CountAsync(Filter<Item>.In(Sku, []));
        var byOwner = await Items.CountAsync(Filter<Item>.In(Owner, [other.Id]));
        var inAndEqual = await Items.CountAsync(Filter<Item>.In(Slot, [1, 2]).And(Owner, owner));

        Assert.That(some.Select(i => i.Sku), Is.EqualTo(new[] { "sku-02", "sku-04" }));
        Assert.That(none, Is.Zero);
        Assert.That(byOwner, Is.EqualTo(1));
        Assert.That(inAndEqual, Is.EqualTo(2));
    }

    [Test]
    public async Task Filter_Or_MatchesEitherSide()
    {
        await InsertSkusAsync(6);

        var either = Filter<Item>.Where(Sku, "sku-01") | Filter<Item>.Where(Slot, Comparison.GreaterThanOrEqual, 5);
        var found = await Items.FindManyAsync(either, new FindOptions<Item> { OrderBy = Sku });
        var narrowed = await Items.CountAsync(Filter<Item>.And(either, Filter<Item>.Where(Price, 2m)));
        var orOfAnds = await Items.CountAsync(Filter<Item>.Or(
            Filter<Item>.Where(Price, 0m).And(Slot, 3),
            Filter<Item>.Where(Price, 1m).And(Slot, 4),
            Filter<Item>.Where(Color, ItemColor.Blue)));

        Assert.That(found.Select(i => i.Sku), Is.EqualTo(new[] { "sku-01", "sku-05", "sku-06" }));
        Assert.That(narrowed, Is.EqualTo(1), "sku-05: price 5 % 3 = 2");
        Assert.That(orOfAnds, Is.EqualTo(2));
    }

    [Test]
    public async Task FindMany_SeveralOrderings_OrdersByEachInTurn()
    {
        await InsertSkusAsync(6);

        var ordered = await Items.FindManyAsync(Filter<Item>.All, new FindOptions<Item>
        {
            Orderings = [Ordering<Item>.By(Price), Ordering<Item>.ByDescending(Slot)],
        });

        Assert.That(ordered.Select(i => i.Slot), Is.EqualTo(new[] { 6, 3, 4, 1, 5, 2 }));
    }

    [Test]
    public async Task Insert_DuplicateCompositeUniqueKey_ThrowsUniqueConstraint()
    {
        var owner = await InsertAccountAsync();
        var other = await InsertAccountAsync("other@example.com");
        await InsertItemAsync(owner, "a", slot: 1);
        await InsertItemAsync(other, "b", slot: 1);

        var error = Assert.ThrowsAsync<UniqueConstraintException>(() => InsertItemAsync(owner, "c", slot: 1));

        Assert.That(error!.Field, Is.EqualTo("Owner+Slot"));
        Assert.That(await Items.CountAsync(Filter<Item>.All), Is.EqualTo(2));
    }

    [Test]
    public async Task UpdateWhere_IntoCompositeUniqueKey_ThrowsAndChangesNothing()
    {
        var owner = await InsertAccountAsync();
        await InsertItemAsync(owner, "a", slot: 1);
        await InsertItemAsync(owner, "b", slot: 2);

        Assert.ThrowsAsync<UniqueConstraintException>(() => Items.UpdateWhereAsync(Filter<Item>.Where(Sku, "b"), Changes<Item>.Of(Slot, 1)));

        Assert.That(await Items.CountAsync(Filter<Item>.Where(Slot, 2)), Is.EqualTo(1));
    }
}
