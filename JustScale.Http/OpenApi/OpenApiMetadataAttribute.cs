namespace JustScale.Http;

/// <summary>Serves as the base of the attributes a middleware or guard method carries to describe itself in the OpenAPI document.</summary>
/// <remarks>Read once, when <c>.Use(m)</c> or <c>.Guard(g)</c> declares the step; never at request time.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public abstract class OpenApiMetadataAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    private protected OpenApiMetadataAttribute()
    {
    }
}
