using System.Globalization;
using System.Text;
using LuccaInbox.Web.Documents;

namespace LuccaInbox.Web.Audit;

/// <summary>RFC 4180 CSV: CRLF rows, every field quoted with doubled quotes; cells that a spreadsheet would run as a
/// formula (starting with = + - @, tab or carriage return) get a leading apostrophe.</summary>
public static class AuditCsv
{
    private static readonly string[] Header =
    [
        "Entry", "Time (UTC)", "User", "Email", "User id", "Action", "Outcome", "Inbox id", "Document id", "Document number",
        "Supplier", "Amount", "Currency", "Changes", "Lucca status", "Error", "Note", "Completed (UTC)", "Correlation id", "Hash",
    ];

    public static string Write(IEnumerable<AuditEntry> entries)
    {
        var csv = new StringBuilder();
        Row(csv, Header);
        foreach (var e in entries)
        {
            Row(csv,
            [
                e.Id.ToString(CultureInfo.InvariantCulture), e.AtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.UserName,
                e.UserEmail, e.UserObjectId, e.Action, e.Outcome, e.InboxId?.ToString(CultureInfo.InvariantCulture),
                e.DocumentId?.ToString(CultureInfo.InvariantCulture), e.DocumentNumber, e.Supplier,
                e.Amount?.ToString("0.00##", CultureInfo.InvariantCulture), e.Currency, Changes(e.DiffJson),
                e.LuccaStatus?.ToString(CultureInfo.InvariantCulture), e.Error, e.Note,
                e.CompletedAtUtc?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.CorrelationId, e.Hash,
            ]);
        }
        return csv.ToString();
    }

    public static string Cell(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static void Row(StringBuilder csv, IEnumerable<string?> cells) => csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");

    private static string Changes(string? diffJson) =>
        string.Join("; ", DocumentDiff.FromJson(diffJson).Select(c => $"{LuccaInbox.Lucca.Models.WritableFields.LabelOf(c.Path)} ({c.Path}): {c.Before ?? "(empty)"} → {c.After ?? "(empty)"}"));
}
