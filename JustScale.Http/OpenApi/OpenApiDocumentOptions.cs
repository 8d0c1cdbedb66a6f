namespace JustScale.Http;

/// <summary>Configures the OpenAPI document made from a cluster's routes: its title, version and description.</summary>
public sealed class OpenApiDocumentOptions
{
    /// <summary>Gets or sets the API's title; "API" by default.</summary>
    public string Title { get; set; } = "API";

    /// <summary>Gets or sets the API's version (of the API, not of OpenAPI); "1.0.0" by default.</summary>
    public string Version { get; set; } = "1.0.0";

    /// <summary>Gets or sets a description of the API, or null.</summary>
    public string? Description { get; set; }

    /// <summary>Gets the servers' URLs (<c>https://api.example.com</c>); empty by default, which means the document's own host.</summary>
    public IList<string> Servers { get; } = [];
}
