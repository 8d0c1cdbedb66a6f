using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace JustScale.Auth.Tokens;

/// <summary>Configures the "JustScale" authentication scheme.</summary>
public sealed class JustScaleAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Gets the path prefixes where a token may come in the <c>access_token</c> query parameter (browsers cannot set headers on WebSockets or EventSource); none by default.</summary>
    /// <remarks>Add a SignalR hub's path (<c>/hubs</c>). Query strings end up in access logs: prefer short-lived access tokens there.</remarks>
    public IList<PathString> QueryTokenPaths { get; } = [];

    /// <summary>Gets or sets whether a request is aborted when its session ends while it runs (a SignalR connection, a stream); true by default.</summary>
    public bool AbortOnSessionEnd { get; set; } = true;
}
