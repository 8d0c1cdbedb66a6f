using JustScale.Core;
using JustScale.Testing;

namespace JustScale.Postgres.Tests.Schema;

/// <summary>Pins the SQL of the richer queries and the DDL of the further types and composite indexes (no server needed).</summary>
[TestFixture]
public sealed class PgQueryShapeTests
{
    private static readonly PgModel<Item> PgItem = PgModel.Create<Item>(new PgModelOptions { Table = "items" });
    private static readonly Field<Item, string> Sku = Item.Model.Field(i => i.Sku);
    private static readonly Field<Item, int> Slot = Item.Model.Field(i => i.Slot);

    [Test]
    public void SchemaStatements_FurtherTypes_UseTheirPostgresTypes()
    {
        var table = PgItem.SchemaStatements(_ => PgModel.Create<Account>(new PgModelOptions { Table = "accounts" }))[0];

        Assert.That(table, Does.Contain("price NUMERIC NOT NULL"));
        Assert.That(table, Does.Contain("weight DOUBLE PRECISION NOT NULL"));
        Assert.That(table, Does.Contain("color TEXT NOT NULL"));
        Assert.That(table, Does.Contain("released DATE,"));
        Assert.That(table, Does.Contain("digest BYTEA,"));
        Assert.That(table, Does.Contain("settings JSONB,"));
    }

    [Test]
    public void SchemaStatements_DeclaredIndexes_CreatedInFieldOrder()
    {
        var statements = PgItem.SchemaStatements(_ => PgModel.Create<Account>(new PgModelOptions { Table = "accounts" }));

        Assert.That(statements, Does.Contain("CREATE UNIQUE INDEX IF NOT EXISTS uq_items_owner_id_slot ON items(owner_id, slot)"));
        Assert.That(statements, Does.Contain("CREATE INDEX IF NOT EXISTS idx_items_owner_id_created_at ON items(owner_id, created_at)"));
    }

    [Test]
    public void FindMany_OffsetAndOrderings_IsOneStatementWithOffset()
    {
        var statements = new PgStatements<Item>(PgItem);

        var sql = statements.FindMany(Filter<Item>.Where(Slot, 1), new FindOptions<Item>
        {
            Orderings = [Ordering<Item>.ByDescending(Slot), Ordering<Item>.By(Sku)],
            Limit = 10,
            Offset = 20,
        });

        Assert.That(sql, Does.EndWith("WHERE slot = $1 ORDER BY slot DESC, sku, id LIMIT $2 OFFSET $3"));
    }

    [Test]
    public void Where_InAndOr_UseOneArrayParameterAndParentheses()
    {
        var statements = new PgStatements<Item>(PgItem);
        var filter = Filter<Item>.In(Sku, ["a", "b", "c"]) & (Filter<Item>.Where(Slot, 1) | Filter<Item>.Where(Slot, Comparison.GreaterThan, 5).And(Sku, "x"));

        var sql = statements.Count(filter);

        Assert.That(sql, Is.EqualTo("SELECT COUNT(*) FROM items WHERE sku = ANY($1) AND ((slot = $2) OR (slot > $3 AND sku = $4))"));
    }
}
