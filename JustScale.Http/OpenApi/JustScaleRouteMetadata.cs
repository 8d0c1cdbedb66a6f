namespace JustScale.Http.OpenApi;

/// <summary>Marks an endpoint as a JustScale route, for <see cref="JustScaleApiDescriptionProvider"/>: its controller, key and tag.</summary>
/// <param name="Controller">The controller's name.</param>
/// <param name="Name">The route's key in its <see cref="RouteTable"/>.</param>
/// <param name="Group">The first literal segment of the controller's prefix (<c>account</c> for <c>/account</c>), else the controller's name.</param>
internal sealed record JustScaleRouteMetadata(string Controller, string Name, string Group);
