namespace LuccaInbox.Web.Auth;

/// <summary>The development sign-in's people: one per role, plus an admin with all four.</summary>
public static class DemoUsers
{
    public sealed record DemoUser(string Id, string ObjectId, string Name, string Email, IReadOnlyList<string> Roles, string Description);

    public static readonly IReadOnlyList<DemoUser> All =
    [
        new("viewer", "8d7f6a52-1c1e-4a4e-9a10-000000000001", "Camille Martin", "camille.martin@demo.luccainbox.test",
            [AppRoles.InboxRead], "Reads the inbox and documents; cannot save or book."),
        new("editor", "8d7f6a52-1c1e-4a4e-9a10-000000000002", "Élodie Bernard", "elodie.bernard@demo.luccainbox.test",
            [AppRoles.InboxRead, AppRoles.InboxEdit], "Corrects what the OCR got wrong; cannot book."),
        new("booker", "8d7f6a52-1c1e-4a4e-9a10-000000000003", "Hugo Petit", "hugo.petit@demo.luccainbox.test",
            [AppRoles.InboxRead, AppRoles.InboxEdit, AppRoles.InboxBook], "Corrects and books invoices."),
        new("auditor", "8d7f6a52-1c1e-4a4e-9a10-000000000004", "Inès Laurent", "ines.laurent@demo.luccainbox.test",
            [AppRoles.InboxRead, AppRoles.AuditRead], "Reads documents and the audit log."),
        new("admin", "8d7f6a52-1c1e-4a4e-9a10-000000000005", "Alex Moreau", "alex.moreau@demo.luccainbox.test",
            AppRoles.All, "Every role."),
    ];

    public static DemoUser? Find(string? id) => All.FirstOrDefault(u => string.Equals(u.Id, id, StringComparison.Ordinal));
}
