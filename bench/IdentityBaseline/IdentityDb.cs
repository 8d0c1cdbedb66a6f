using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace IdentityBaseline;

/// <summary>Holds Identity's tables (AspNetUsers and the rest), created at startup with EnsureCreated.</summary>
/// <param name="options">The context options (Npgsql).</param>
internal sealed class IdentityDb(DbContextOptions<IdentityDb> options) : IdentityDbContext(options);
