using Microsoft.Extensions.Configuration;

namespace JustScale.Cli;

/// <summary>Holds where a run of the tool reads and writes: output, errors, input, and the configuration (environment variables).</summary>
/// <param name="Out">Where results go (tables or JSON).</param>
/// <param name="Error">Where errors, warnings and hints go.</param>
/// <param name="In">Where <c>--password-stdin</c> reads.</param>
/// <param name="Configuration">The settings: <c>ConnectionStrings__Postgres</c>, <c>JustScale__Auth__*</c>, <c>JustScale__Secrets__EncryptionKey</c>.</param>
/// <param name="Interactive">Whether a person types at a terminal (a password may then be prompted for, without echo).</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In, IConfiguration Configuration, bool Interactive)
{
    /// <summary>Gets the process's console and environment variables.</summary>
    public static CliConsole System => new(
        Console.Out, Console.Error, Console.In, new ConfigurationBuilder().AddEnvironmentVariables().Build(), !Console.IsInputRedirected);

    /// <summary>Creates a console over writers and settings, for running the tool in-process (tests).</summary>
    public static CliConsole Create(TextWriter output, TextWriter error, TextReader? input = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(output, error, input ?? TextReader.Null, new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build(), false);
}
