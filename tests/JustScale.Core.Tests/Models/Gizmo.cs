namespace JustScale.Core.Tests.Models;

/// <summary>An entity whose model declares an unsupported field type (TimeSpan).</summary>
public sealed class Gizmo : Entity, IModel<Gizmo>
{
    /// <summary>Gets the model, which keeps its definition error instead of throwing in the static initializer.</summary>
    public static Model<Gizmo> Model { get; } = Model<Gizmo>.Define("Gizmo", m => m.Field(g => g.Span));

    /// <summary>Gets or sets a duration, which no store maps.</summary>
    public TimeSpan Span { get; set; }
}
