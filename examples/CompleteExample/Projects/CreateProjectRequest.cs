namespace CompleteExample.Projects;

/// <summary>The body of POST /orgs/:orgId/projects.</summary>
public sealed record CreateProjectRequest
{
    /// <summary>Gets the project's name.</summary>
    public required string Name { get; init; }
}
