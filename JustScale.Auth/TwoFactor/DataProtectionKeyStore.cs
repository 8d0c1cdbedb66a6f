using System.Xml.Linq;
using JustScale.Core;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace JustScale.Auth;

/// <summary>Keeps ASP.NET Core Data Protection keys in any store through <see cref="IRepository{T}"/> of <see cref="KeyRingEntry"/>.</summary>
/// <remarks>
/// On PostgreSQL the keys live in the database beside the secrets they protect, shared by every instance. Data Protection's
/// <see cref="IXmlRepository"/> is synchronous: the calls run the repository's async methods to completion on the thread
/// pool. They happen when the key ring loads (first use, then about once a day) and when a key is made, never per request.
/// Keys are stored as Data Protection writes them; encrypt them too with <see cref="TwoFactorOptions.ConfigureDataProtection"/>
/// (<c>ProtectKeysWithCertificate</c>) where a database dump must not reveal them.
/// </remarks>
/// <param name="keys">The key repository.</param>
public sealed class DataProtectionKeyStore(IRepository<KeyRingEntry> keys) : IXmlRepository
{
    private readonly IRepository<KeyRingEntry> _keys = keys ?? throw new ArgumentNullException(nameof(keys));

    /// <summary>Returns every stored key element.</summary>
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var rows = Task.Run(() => _keys.FindManyAsync(Filter<KeyRingEntry>.All)).GetAwaiter().GetResult();
        return [.. rows.Select(row => XElement.Parse(row.Xml))];
    }

    /// <summary>Stores a new key element.</summary>
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var row = new KeyRingEntry { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) };
        Task.Run(() => _keys.InsertAsync(row)).GetAwaiter().GetResult();
    }
}
