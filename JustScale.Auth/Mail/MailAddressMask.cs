namespace JustScale.Auth;

/// <summary>Masks an email address for logs: the first character, then <c>***@</c> and the domain.</summary>
internal static class MailAddressMask
{
    /// <summary>Returns <c>a***@example.com</c> for <c>ada@example.com</c>, and <c>***</c> for a value without a local part or domain.</summary>
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 || at == address.Length - 1 ? "***" : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }
}
