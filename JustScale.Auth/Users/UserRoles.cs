namespace JustScale.Auth;

/// <summary>Reads a user's global roles: <see cref="User.Roles"/>, plus <c>admin</c> for the emails of <see cref="AuthOptions.Admins"/>.</summary>
public static class UserRoles
{
    /// <summary>The built-in role of the admin API.</summary>
    public const string Admin = "admin";

    /// <summary>Returns whether the user holds the role (roles compare case-sensitively; configured admins always hold <c>admin</c>).</summary>
    public static bool Has(User user, string role, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentNullException.ThrowIfNull(options);
        return (user.Roles is { } roles && Array.IndexOf(roles, role) >= 0)
            || (role == Admin && IsConfiguredAdmin(user.Email, options));
    }

    /// <summary>Returns whether the email is one of <see cref="AuthOptions.Admins"/> (compared as stored: trimmed, lowercased).</summary>
    public static bool IsConfiguredAdmin(string email, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(options);
        return options.Admins.Any(admin => string.Equals(admin.Trim(), email, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Checks role names: 1 to 50 characters of letters, digits, '-', '_', ':' or '.'; returns them distinct, in order.</summary>
    /// <exception cref="InvalidAuthInputException">A role name is malformed.</exception>
    public static string[] Validate(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var list = new List<string>();
        foreach (var role in roles)
        {
            if (role is null || role.Length is 0 or > 50 || !role.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':' or '.'))
            {
                throw new InvalidAuthInputException("roles must be names of 1 to 50 letters, digits, '-', '_', ':' or '.'", "invalid_role");
            }

            if (!list.Contains(role))
            {
                list.Add(role);
            }
        }

        return [.. list];
    }
}
