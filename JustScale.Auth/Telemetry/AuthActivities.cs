using System.Diagnostics;

namespace JustScale.Auth;

/// <summary>Holds the <c>JustScale.Auth</c> activity source, the activity names, and how an activity records its outcome.</summary>
/// <remarks>
/// Callers write <c>using var activity = AuthActivities.Source.StartActivity(...)</c>, which returns null (and costs
/// one check) while nobody listens; every helper here accepts that null. An exception's message is never recorded:
/// some carry the email (<see cref="UserExistsException"/>), so a failed activity gets status Error and the
/// exception's type name in <c>error.type</c> only.
/// </remarks>
internal static class AuthActivities
{
    /// <summary>Names the activity around <see cref="UserService.AuthenticateAsync"/>.</summary>
    public const string Authenticate = "justscale.auth.authenticate";

    /// <summary>Names the activity around <see cref="UserService.RegisterAsync"/>.</summary>
    public const string Register = "justscale.auth.register";

    /// <summary>Names the activity around <see cref="SessionService.CreateAsync"/>.</summary>
    public const string SessionCreate = "justscale.auth.session.create";

    /// <summary>Names the activity around the middleware's lookup of a Bearer token or session cookie.</summary>
    public const string SessionValidate = "justscale.auth.session.validate";

    /// <summary>Names the tag holding the authenticated user's id, set only after success.</summary>
    public const string UserIdTag = "enduser.id";

    /// <summary>Names the tag holding how the session token arrived: <c>bearer</c> or <c>cookie</c>.</summary>
    public const string TransportTag = "justscale.auth.transport";

    /// <summary>Gets the activity source named <see cref="AuthTelemetry.Name"/>.</summary>
    public static ActivitySource Source { get; } = new(AuthTelemetry.Name, AuthTelemetry.Version);

    /// <summary>Records a success: the result tag, and the user's id when there is one.</summary>
    public static void Succeeded(Activity? activity, Guid? userId = null)
    {
        if (activity is null || !activity.IsAllDataRequested)
        {
            return;
        }

        activity.SetTag(AuthMetrics.ResultTag, AuthMetrics.Succeeded);
        if (userId is { } id)
        {
            activity.SetTag(UserIdTag, id.ToString());
        }
    }

    /// <summary>Records an expected refusal (wrong password, taken email, unknown token): the result tag only, status unset.</summary>
    public static void Refused(Activity? activity)
    {
        if (activity is not null && activity.IsAllDataRequested)
        {
            activity.SetTag(AuthMetrics.ResultTag, AuthMetrics.Failed);
        }
    }

    /// <summary>Marks the activity failed by an exception; returns false, to be used as an exception filter that never catches.</summary>
    public static bool Failed(Activity? activity, Exception exception)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error);
            activity.SetTag("error.type", exception.GetType().FullName);
        }

        return false;
    }
}
