using JustScale.Core;
using JustScale.Postgres.Tests.Models;

namespace JustScale.Postgres.Tests.Schema;

/// <summary>Checks the mapping rules that need no server: column names, table names, quoting and id order.</summary>
[TestFixture]
public sealed class PgModelTests
{
    [TestCase("Email", "email")]
    [TestCase("PasswordHash", "password_hash")]
    [TestCase("EmailVerifiedAt", "email_verified_at")]
    [TestCase("IpAddress", "ip_address")]
    [TestCase("HTTPStatus", "http_status")]
    [TestCase("Line2Text", "line2_text")]
    public void SnakeCase_PropertyName_BecomesColumnName(string property, string column) =>
        Assert.That(SqlNames.SnakeCase(property), Is.EqualTo(column));

    [Test]
    public void ColumnName_Reference_EndsInId()
    {
        var pg = PgModel.Create<DocsSession>(new PgModelOptions { Table = "sessions" });

        Assert.That(pg.ColumnName(DocsSession.Model.Field(s => s.User)), Is.EqualTo("user_id"));
        Assert.That(pg.ColumnName(DocsSession.Model.Field(s => s.LastActiveAt)), Is.EqualTo("last_active_at"));
    }

    [Test]
    public void Create_NoTableGiven_SnakeCasePlural()
    {
        Assert.That(PgModel.Create<DocsUser>().Table, Is.EqualTo("users"));
    }

    [TestCase("Users")]
    [TestCase("users; DROP TABLE x")]
    [TestCase("\"users\"")]
    [TestCase("")]
    public void Create_TableNotPlainIdentifier_Throws(string table) =>
        Assert.Throws<ArgumentException>(() => PgModel.Create<DocsUser>(new PgModelOptions { Table = table }));

    [Test]
    public void Quote_ReservedWord_Quoted()
    {
        Assert.That(SqlNames.Quote("user"), Is.EqualTo("\"user\""));
        Assert.That(SqlNames.Quote("order"), Is.EqualTo("\"order\""));
        Assert.That(SqlNames.Quote("users"), Is.EqualTo("users"));
    }

    [Test]
    public void UuidV7_ManyInARow_StrictlyIncreasingInPostgresOrder()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => UuidV7.Next()).ToList();

        var bytes = ids.Select(id => Convert.ToHexString(id.ToByteArray(bigEndian: true))).ToList();
        Assert.That(bytes, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(bytes.Distinct().Count(), Is.EqualTo(ids.Count));
        Assert.That(ids.Select(id => id.Version), Is.All.EqualTo(7));
    }
}
