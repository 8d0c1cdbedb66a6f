namespace JustScale.Http.Routing;

/// <summary>Checks the status codes routes declare (<c>.Returns(204)</c>).</summary>
internal static class RouteStatus
{
    /// <summary>Returns the status when it is one (100-599), or throws.</summary>
    public static int Check(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return statusCode;
    }
}
