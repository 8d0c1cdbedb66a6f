using JustScale.Core;

namespace JustScale.Postgres.Tests.Schema;

/// <summary>Pins that a PostgreSQL repository of a model with an unsupported field type fails at Build() with the model's own message.</summary>
[TestFixture]
public sealed class PgModelDefinitionErrorTests
{
    [Test]
    public void Build_PgRepositoryOfModelWithUnsupportedType_ThrowsTheClearMessage()
    {
        var builder = new ClusterBuilder()
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = "Host=localhost;Database=unused" }))
            .Add(PgRepository.Create(PgModel.Create<Widget>()));

        var error = Assert.Throws<NotSupportedException>(() => builder.Build());

        Assert.That(error!.Message, Does.StartWith("Widget.Since: type TimeOnly is not a supported field type"));
    }

    /// <summary>An entity whose model declares an unsupported field type (TimeOnly).</summary>
    public sealed class Widget : Entity, IModel<Widget>
    {
        /// <summary>Gets the model.</summary>
        public static Model<Widget> Model { get; } = Model<Widget>.Define("Widget", m => m.Field(w => w.Since));

        /// <summary>Gets or sets a time of day, which no store maps.</summary>
        public TimeOnly Since { get; set; }
    }
}
