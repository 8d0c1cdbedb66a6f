using JustScale.Core;
using NUnit.Framework;

namespace JustScale.Testing;

/// <content>Further field types: decimal, double, enum, DateOnly, byte[] and JSON.</content>
public abstract partial class RepositoryConformanceTests
{
    private static readonly Field<Item, decimal> Price = Item.Model.Field(i => i.Price);
    private static readonly Field<Item, double> Weight = Item.Model.Field(i => i.Weight);
    private static readonly Field<Item, ItemColor> Color = Item.Model.Field(i => i.Color);
    private static readonly Field<Item, DateOnly?> Released = Item.Model.Field(i => i.Released);
    private static readonly Field<Item, byte[]?> Digest = Item.Model.Field(i => i.Digest);
    private static readonly Field<Item, ItemSettings?> Settings = Item.Model.Field(i => i.Settings);

    private async Task<Item> InsertItemAsync(Account owner, string sku, int slot = 0, decimal price = 1m, ItemColor color = ItemColor.Red, DateOnly? released = null) =>
        await Items.InsertAsync(new Item
        {
            Owner = owner,
            Sku = sku,
            Slot = slot,
            Price = price,
            Weight = (double)price / 4,
            Color = color,
            Released = released,
        });

    [Test]
    public async Task Insert_EveryFieldType_ReadsBackTheSameValues()
    {
        var owner = await InsertAccountAsync();
        var item = new Item
        {
            Owner = owner,
            Sku = "sku-1",
            Price = 12345678901234.5678m,
            Weight = 0.1,
            Color = ItemColor.Blue,
            Released = new DateOnly(2026, 2, 28),
            Digest = [0, 1, 254, 255],
            Settings = new ItemSettings { Theme = "dark", Tags = ["a", "b"] },
        };

        await Items.InsertAsync(item);
        var stored = await Items.GetAsync(item.Id);

        Assert.That(stored, Is.Not.Null);
        Assert.That(stored!.Price, Is.EqualTo(12345678901234.5678m));
        Assert.That(stored.Weight, Is.EqualTo(0.1));
        Assert.That(stored.Color, Is.EqualTo(ItemColor.Blue));
        Assert.That(stored.Released, Is.EqualTo(new DateOnly(2026, 2, 28)));
        Assert.That(stored.Digest, Is.EqualTo(new byte[] { 0, 1, 254, 255 }));
        Assert.That(stored.Settings?.Theme, Is.EqualTo("dark"));
        Assert.That(stored.Settings?.Tags, Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task Insert_NullOptionalTypes_ReadBackNull()
    {
        var item = await InsertItemAsync(await InsertAccountAsync(), "sku-1");

        var stored = await Items.GetAsync(item.Id);

        Assert.That(stored!.Released, Is.Null);
        Assert.That(stored.Digest, Is.Null);
        Assert.That(stored.Settings, Is.Null);
    }

    [Test]
    public async Task Get_ReturnedJsonAndBytesChanged_StoreUnchanged()
    {
        var item = await Items.InsertAsync(new Item
        {
            Owner = await InsertAccountAsync(),
            Sku = "sku-1",
            Digest = [1, 2],
            Settings = new ItemSettings { Theme = "dark" },
        });
        item.Settings!.Theme = "changed";
        item.Digest![0] = 9;
        var copy = await Items.GetAsync(item.Id);
        copy!.Settings!.Tags.Add("changed");

        var stored = await Items.GetAsync(item.Id);

        Assert.That(stored!.Settings!.Theme, Is.EqualTo("dark"));
        Assert.That(stored.Settings.Tags, Is.Empty);
        Assert.That(stored.Digest, Is.EqualTo(new byte[] { 1, 2 }));
    }

    [Test]
    public async Task Filter_EqualityOnEnumDateDecimalAndBytes_MatchesExactly()
    {
        var owner = await InsertAccountAsync();
        await InsertItemAsync(owner, "a", slot: 1, price: 2.50m, color: ItemColor.Red, released: new DateOnly(2026, 1, 1));
        var green = await InsertItemAsync(owner, "b", slot: 2, price: 2.5m, color: ItemColor.Green, released: new DateOnly(2026, 1, 2));
        await Items.UpdateWhereAsync(Filter<Item>.Where(Item.Model.Id, green.Id), Changes<Item>.Of(Digest, [7, 7]));

        var byColor = await Items.FindManyAsync(Filter<Item>.Where(Color, ItemColor.Green));
        var byDate = await Items.FindManyAsync(Filter<Item>.Where(Released, new DateOnly(2026, 1, 2)));
        var byPrice = await Items.CountAsync(Filter<Item>.Where(Price, 2.5m));
        var byDigest = await Items.FindManyAsync(Filter<Item>.Where(Digest, [7, 7]));
        var notRed = await Items.CountAsync(Filter<Item>.Where(Color, Comparison.NotEqual, ItemColor.Red));

        Assert.That(byColor.Select(i => i.Sku), Is.EqualTo(new[] { "b" }));
        Assert.That(byDate.Select(i => i.Sku), Is.EqualTo(new[] { "b" }));
        Assert.That(byPrice, Is.EqualTo(2), "2.50 and 2.5 are the same number");
        Assert.That(byDigest.Select(i => i.Sku), Is.EqualTo(new[] { "b" }));
        Assert.That(notRed, Is.EqualTo(1));
    }

    [Test]
    public async Task Filter_ComparisonsOnNumbersAndDates_Match()
    {
        var owner = await InsertAccountAsync();
        for (var i = 1; i <= 5; i++)
        {
            await InsertItemAsync(owner, $"s{i}", slot: i, price: i * 1.25m, released: new DateOnly(2026, 1, i));
        }

        var pricey = await Items.FindManyAsync(Filter<Item>.Where(Price, Comparison.GreaterThan, 5m));
        var light = await Items.CountAsync(Filter<Item>.Where(Weight, Comparison.LessThanOrEqual, 0.625));
        var early = await Items.CountAsync(Filter<Item>.Where(Released, Comparison.LessThan, new DateOnly(2026, 1, 3)));

        Assert.That(pricey.Select(i => i.Sku), Is.EquivalentTo(new[] { "s5" }));
        Assert.That(light, Is.EqualTo(2));
        Assert.That(early, Is.EqualTo(2));
    }

    [Test]
    public void Filter_OrderingOnEnumOrJson_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Filter<Item>.Where(Color, Comparison.GreaterThan, ItemColor.Red));
        Assert.Throws<ArgumentException>(() => Filter<Item>.Where(Settings, null));
    }

    [Test]
    public async Task UpdateWhere_JsonAndEnum_WritesTypedValues()
    {
        var item = await InsertItemAsync(await InsertAccountAsync(), "sku-1");

        await Items.UpdateWhereAsync(
            Filter<Item>.Where(Item.Model.Id, item.Id),
            Changes<Item>.Of(Settings, new ItemSettings { Theme = "light", Tags = ["x"] }).Set(Color, ItemColor.Green).Set(Released, null));

        var stored = await Items.GetAsync(item.Id);
        Assert.That(stored!.Settings?.Theme, Is.EqualTo("light"));
        Assert.That(stored.Settings?.Tags, Is.EqualTo(new[] { "x" }));
        Assert.That(stored.Color, Is.EqualTo(ItemColor.Green));
    }
}
