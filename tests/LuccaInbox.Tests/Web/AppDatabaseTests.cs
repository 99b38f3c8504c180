using LuccaInbox.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace LuccaInbox.Tests.Web;

/// <summary>The app's database is named ConnectionStrings:App; ConnectionStrings:Audit, its documented first name, still works.</summary>
public sealed class AppDatabaseTests
{
    [Theory]
    [InlineData("Data Source=app.db", null, "Data Source=app.db")]
    [InlineData(null, "Data Source=audit-only.db", "Data Source=audit-only.db")]
    [InlineData("Data Source=app.db", "Data Source=audit-only.db", "Data Source=app.db")]
    [InlineData("", "Data Source=audit-only.db", "Data Source=audit-only.db")]
    public void The_new_name_wins_and_the_old_one_is_an_alias(string? app, string? audit, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:App"] = app,
            ["ConnectionStrings:Audit"] = audit,
        }).Build();

        Assert.Equal(expected, AppDatabase.ConnectionStringFrom(configuration, "/data"));
    }

    [Fact]
    public void Without_either_the_data_stays_in_the_file_it_always_had()
    {
        var configuration = new ConfigurationBuilder().Build();

        Assert.Equal($"Data Source={Path.Combine("/data", "audit.db")}", AppDatabase.ConnectionStringFrom(configuration, "/data"));
    }

    [Fact]
    public void The_model_is_what_the_generated_migrations_build()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connection).Options);

        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a migration: add one with dotnet ef migrations add");
    }
}
