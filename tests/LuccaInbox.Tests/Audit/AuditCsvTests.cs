using System.Text;
using LuccaInbox.Web.Audit;

namespace LuccaInbox.Tests.Audit;

public sealed class AuditCsvTests
{
    private static AuditEntry Entry(long id = 7) => new()
    {
        Id = id,
        AtUtc = new DateTime(2026, 3, 2, 9, 15, 0, DateTimeKind.Utc),
        UserObjectId = "oid-1",
        UserName = "Eve \"the editor\" Martin",
        UserEmail = "eve@example.test",
        Action = AuditActions.Edit,
        Outcome = AuditOutcomes.Failed,
        InboxId = 5001,
        DocumentId = 70001,
        DocumentNumber = "F-2026, n°12",
        Supplier = "Société Générale — café",
        Amount = 1234.5m,
        Currency = "EUR",
        DiffJson = """[{"path":"accountingLabel","before":null,"after":"Café, thé"}]""",
        LuccaStatus = 400,
        Error = "first line\r\nsecond line",
        Note = "=HYPERLINK(\"http://evil.example\")",
        CorrelationId = "+33 1 23",
        Hash = "-abc",
    };

    /// <summary>A strict RFC 4180 reader: quoted fields with doubled quotes, CRLF between records.</summary>
    private static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var i = 0;
        while (i < csv.Length)
        {
            Assert.Equal('"', csv[i]); // AuditCsv quotes every field
            var cell = new StringBuilder();
            for (i++; ; i++)
            {
                Assert.True(i < csv.Length, "unterminated quoted field");
                if (csv[i] != '"') { cell.Append(csv[i]); continue; }
                if (i + 1 < csv.Length && csv[i + 1] == '"') { cell.Append('"'); i++; continue; }
                i++;
                break;
            }
            row.Add(cell.ToString());
            if (i < csv.Length && csv[i] == ',') { i++; continue; }
            Assert.True(i + 1 < csv.Length && csv[i] == '\r' && csv[i + 1] == '\n', $"expected CRLF after a record at {i}");
            i += 2;
            rows.Add(row);
            row = [];
        }
        return rows;
    }

    private static Dictionary<string, string> Record(string csv, int index = 1)
    {
        var rows = Parse(csv);
        Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        return rows[0].Zip(rows[index]).ToDictionary(p => p.First, p => p.Second);
    }

    [Fact]
    public void Quotes_are_doubled_and_commas_and_newlines_stay_inside_one_quoted_cell()
    {
        var csv = AuditCsv.Write([Entry()]);

        Assert.Contains("\"Eve \"\"the editor\"\" Martin\"", csv, StringComparison.Ordinal);
        Assert.Contains("\"F-2026, n°12\"", csv, StringComparison.Ordinal);
        Assert.Contains("\"first line\r\nsecond line\"", csv, StringComparison.Ordinal);
        var rows = Parse(csv);
        Assert.Equal(2, rows.Count); // the embedded CRLF did not start a record
        var record = Record(csv);
        Assert.Equal("Eve \"the editor\" Martin", record["User"]);
        Assert.Equal("F-2026, n°12", record["Document number"]);
        Assert.Equal("first line\r\nsecond line", record["Error"]);
        Assert.Equal("1234.50", record["Amount"]);
        Assert.Equal("2026-03-02 09:15:00", record["Time (UTC)"]);
        Assert.Equal("", record["Completed (UTC)"]);
    }

    [Theory]
    [InlineData("=SUM(A1:A9)")]
    [InlineData("+33 1 23")]
    [InlineData("-2+3")]
    [InlineData("@cmd")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(string value)
    {
        Assert.Equal("\"'" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", AuditCsv.Cell(value));

        var record = Record(AuditCsv.Write([new AuditEntry { Id = 1, UserName = value, Note = value, Action = AuditActions.Book }]));
        Assert.Equal("'" + value, record["User"]);
        Assert.Equal("'" + value, record["Note"]);
    }

    [Fact]
    public void Formula_prefixes_are_neutralised_in_every_column_and_plain_text_is_not_touched()
    {
        var record = Record(AuditCsv.Write([Entry()]));

        Assert.Equal("'=HYPERLINK(\"http://evil.example\")", record["Note"]);
        Assert.Equal("'+33 1 23", record["Correlation id"]);
        Assert.Equal("'-abc", record["Hash"]);
        Assert.Equal("eve@example.test", record["Email"]); // an @ inside is harmless
        Assert.Equal("\"x=1\"", AuditCsv.Cell("x=1"));
        Assert.Equal("\"\"", AuditCsv.Cell(null));
    }

    [Fact]
    public void Utf8_text_survives_the_export_bytes()
    {
        var csv = AuditCsv.Write([Entry()]);
        // What the /audit/export.csv endpoint sends: a UTF-8 BOM then UTF-8.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();

        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var record = Record(reader.ReadToEnd());
        Assert.Equal("Société Générale — café", record["Supplier"]);
        Assert.Equal("Accounting label (accountingLabel): (empty) → Café, thé", record["Changes"]);
        Assert.Equal("F-2026, n°12", record["Document number"]);
    }
}
