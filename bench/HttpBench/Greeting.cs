namespace HttpBench;

/// <summary>The JSON both servers answer: <c>{"message":"Hello, World!"}</c>.</summary>
internal sealed record Greeting(string Message)
{
    public static Greeting Hello { get; } = new("Hello, World!");
}
