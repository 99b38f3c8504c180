namespace LuccaInbox.Web.Data;

/// <summary>Where the app's data lives: the audit log, bulk jobs and saved views, in one database.</summary>
public static class AppDatabase
{
    /// <summary>
    /// ConnectionStrings:App, else ConnectionStrings:Audit (the documented name from when the database held the audit log
    /// alone: kept as an alias), else a SQLite file in the data folder (still called audit.db, so existing data is found).
    /// </summary>
    public static string ConnectionString(IConfiguration configuration, string dataFolder) =>
        configuration.GetConnectionString("App") is { Length: > 0 } app ? app
        : configuration.GetConnectionString("Audit") is { Length: > 0 } audit ? audit
        : $"Data Source={Path.Combine(dataFolder, "audit.db")}";
}
