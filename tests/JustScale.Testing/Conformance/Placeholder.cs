namespace JustScale.Testing;

internal static class Placeholder;
