namespace LuccaInbox.Web.Instances;

/// <summary>This running app among the instances sharing one database: who holds a lease, who wrote an event.</summary>
public sealed record AppInstance(string Id)
{
    public static AppInstance New() => new($"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
}
