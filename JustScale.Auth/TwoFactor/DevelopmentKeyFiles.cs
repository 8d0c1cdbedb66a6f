using System.Security.Cryptography;

namespace JustScale.Auth;

/// <summary>Reads a development key-encryption key from a file, making the file with a new random key the first time.</summary>
internal static class DevelopmentKeyFiles
{
    /// <summary>Returns the file's key; creates the file (mode 600 on Unix) when it does not exist. The key is written to a
    /// temporary file and moved into place without overwriting, so of two processes starting at once both read the winner's.</summary>
    public static byte[] ReadOrCreate(FileInfo file)
    {
        if (!File.Exists(file.FullName))
        {
            Directory.CreateDirectory(file.DirectoryName!);
            var temporary = file.FullName + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(temporary, options))
            {
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyEncryptionKeys.KeySize)));
            }

            try
            {
                File.Move(temporary, file.FullName, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temporary); // another process moved its key in first: use that one
            }
        }

        return Convert.FromBase64String(File.ReadAllText(file.FullName).Trim());
    }
}
