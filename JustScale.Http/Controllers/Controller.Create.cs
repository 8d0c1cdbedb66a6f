using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Http;

/// <content>Creates controllers whose route lambda takes zero to six services.</content>
public sealed partial class Controller
{
    /// <summary>Creates a controller whose routes need no services.</summary>
    public static Controller Create(string prefix, Func<RouteTable> routes) =>
        Create(prefix, routes, [], _ => routes());

    /// <summary>Creates a controller whose routes need 1 service, passed to the lambda in order.</summary>
    public static Controller Create<T1>(string prefix, Func<T1, RouteTable> routes)
        where T1 : notnull =>
        Create(prefix, routes, [typeof(T1)], services => routes(services.GetRequiredService<T1>()));

    /// <summary>Creates a controller whose routes need 2 services, passed to the lambda in order.</summary>
    public static Controller Create<T1, T2>(string prefix, Func<T1, T2, RouteTable> routes)
        where T1 : notnull
        where T2 : notnull =>
        Create(prefix, routes, [typeof(T1), typeof(T2)], services => routes(services.GetRequiredService<T1>(), services.GetRequiredService<T2>()));

    /// <summary>Creates a controller whose routes need 3 services, passed to the lambda in order.</summary>
    public static Controller Create<T1, T2, T3>(string prefix, Func<T1, T2, T3, RouteTable> routes)
        where T1 : notnull
        where T2 : notnull
        where T3 : notnull =>
        Create(prefix, routes, [typeof(T1), typeof(T2), typeof(T3)], services => routes(services.GetRequiredService<T1>(), services.GetRequiredService<T2>(), services.GetRequiredService<T3>()));

    /// <summary>Creates a controller whose routes need 4 services, passed to the lambda in order.</summary>
    public static Controller Create<T1, T2, T3, T4>(string prefix, Func<T1, T2, T3, T4, RouteTable> routes)
        where T1 : notnull
        where T2 : notnull
        where T3 : notnull
        where T4 : notnull =>
        Create(prefix, routes, [typeof(T1), typeof(T2), typeof(T3), typeof(T4)], services => routes(services.GetRequiredService<T1>(), services.GetRequiredService<T2>(), services.GetRequiredService<T3>(), services.GetRequiredService<T4>()));

    /// <summary>Creates a controller whose routes need 5 services, passed to the lambda in order.</summary>
    public static Controller Create<T1, T2, T3, T4, T5>(string prefix, Func<T1, T2, T3, T4, T5, RouteTable> routes)
        where T1 : notnull
        where T2 : notnull
        where T3 : notnull
        where T4 : notnull
        where T5 : notnull =>
        Create(prefix, routes, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], services => routes(services.GetRequiredService<T1>(), services.GetRequiredService<T2>(), services.GetRequiredService<T3>(), services.GetRequiredService<T4>(), services.GetRequiredService<T5>()));

    /// <summary>Creates a controller whose routes need 6 services, passed to the lambda in order.</summary>
    public static Controller Create<T1, T2, T3, T4, T5, T6>(string prefix, Func<T1, T2, T3, T4, T5, T6, RouteTable> routes)
        where T1 : notnull
        where T2 : notnull
        where T3 : notnull
        where T4 : notnull
        where T5 : notnull
        where T6 : notnull =>
        Create(prefix, routes, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], services => routes(services.GetRequiredService<T1>(), services.GetRequiredService<T2>(), services.GetRequiredService<T3>(), services.GetRequiredService<T4>(), services.GetRequiredService<T5>(), services.GetRequiredService<T6>()));
}
