namespace JustScale.Auth.SignIn;

/// <summary>Ends a provider sign-in with an error code for the landing page (<c>?error=&lt;code&gt;</c>); the code is one of ours, never the provider's text.</summary>
internal sealed class OAuthFlowException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}
