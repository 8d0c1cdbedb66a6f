using JustScale.Core;

namespace JustScale.Testing;

/// <summary>A test entity with every further field type (decimal, double, enum, date, bytes, JSON) and composite indexes.</summary>
public sealed class Item : Entity, IModel<Item>
{
    /// <summary>Gets the model.</summary>
    public static Model<Item> Model { get; } = Model<Item>.Define("Item", m => m
        .Field(i => i.Owner)
        .String(i => i.Sku, maxLength: 32, unique: true)
        .Field(i => i.Slot)
        .Field(i => i.Price)
        .Field(i => i.Weight)
        .Field(i => i.Color)
        .Field(i => i.Released)
        .Field(i => i.Digest)
        .Json(i => i.Settings)
        .Index(i => i.Owner, i => i.Slot, unique: true)
        .Index(i => i.Owner, i => i.CreatedAt));

    /// <summary>Gets or sets the owning account.</summary>
    public Reference<Account> Owner { get; set; }

    /// <summary>Gets or sets the stock-keeping unit, unique.</summary>
    public string Sku { get; set; } = "";

    /// <summary>Gets or sets the slot, unique per owner.</summary>
    public int Slot { get; set; }

    /// <summary>Gets or sets the price (NUMERIC).</summary>
    public decimal Price { get; set; }

    /// <summary>Gets or sets the weight (DOUBLE PRECISION).</summary>
    public double Weight { get; set; }

    /// <summary>Gets or sets the colour (TEXT, by name).</summary>
    public ItemColor Color { get; set; }

    /// <summary>Gets or sets the release date (DATE), if any.</summary>
    public DateOnly? Released { get; set; }

    /// <summary>Gets or sets a digest (BYTEA), if any.</summary>
    public byte[]? Digest { get; set; }

    /// <summary>Gets or sets the settings (JSONB), if any.</summary>
    public ItemSettings? Settings { get; set; }
}
