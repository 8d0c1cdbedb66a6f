namespace JustScale.Http.Tests.OpenApi;


/// <summary>A host minimal API's own body and answer.</summary>
/// <param name="Value">A number, which the host's Web JSON options also read from a string.</param>
public sealed record HostCounter(int Value);
