namespace JustScale.Http.Routing;

/// <summary>Holds a controller's routes once its lambda has run; contributed to the cluster and read by <see cref="HttpHost.Listen"/>.</summary>
internal sealed record ControllerRoutes(string Name, string Prefix, RouteTable Routes);
