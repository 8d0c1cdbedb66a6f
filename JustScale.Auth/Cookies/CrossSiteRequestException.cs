using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Reports an unsafe request authenticated by the session cookie that came from another site; HTTP answers 403.</summary>
/// <remarks>Thrown by <see cref="AuthMiddleware.Auth{TContext}"/> when the cookie transport is on and the Origin (or Referer) is neither the server's host nor a trusted origin.
/// The answer: 403 <c>{"error":"Cross-site request refused","code":"cross_site_request"}</c>.</remarks>
public sealed class CrossSiteRequestException() : JustScaleException("Cross-site request refused", 403, "cross_site_request");
