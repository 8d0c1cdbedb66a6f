using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Routing;

namespace JustScale.Http;

/// <summary>Reads the parameters of the matched route (<c>:userId</c> in <c>/users/:userId</c>) as strings.</summary>
public readonly struct RouteParams
{
    private readonly RouteValueDictionary? _values;

    internal RouteParams(RouteValueDictionary? values) => _values = values;

    /// <summary>Gets the number of parameters.</summary>
    public int Count => _values?.Count ?? 0;

    /// <summary>Gets a parameter's value; throws when the route has no parameter of that name.</summary>
    /// <exception cref="KeyNotFoundException">The route declares no such parameter.</exception>
    public string this[string name] => TryGet(name, out var value)
        ? value
        : throw new KeyNotFoundException($"The route has no parameter '{name}'. Declare it in the path, e.g. \"/users/:{name}\".");

    /// <summary>Gets a parameter's value when the route has it.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_values is not null && _values.TryGetValue(name, out var raw) && raw is not null)
        {
            value = raw as string ?? Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            return true;
        }

        value = null;
        return false;
    }
}
