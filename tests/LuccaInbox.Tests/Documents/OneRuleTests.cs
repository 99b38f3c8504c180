using System.Globalization;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Bulk;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Inbox;

namespace LuccaInbox.Tests.Documents;

/// <summary>Each rule about a document is said once: what is writable, what is bookable, what a version is.</summary>
public sealed class OneRuleTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Bulk_does_not_book_what_the_document_page_calls_incomplete()
    {
        var item = Complete() with { Document = Complete().Document! with { AmountIncludingTaxes = new TaxedAmount
        {
            IncludingTaxes = new Amount { Value = 120m, Currency = "EUR" },
        } } };
        var editor = new DocumentEditor(CultureInfo.InvariantCulture);
        editor.Load(item);

        var onThePage = editor.BookBlocker;
        var inBulk = BulkBookability.Blocker(InboxRow.From(item));

        Assert.Equal("Fill in the fields required to book: amount excluding taxes.", onThePage);
        Assert.Equal(onThePage, inBulk);
    }

    [Fact]
    public void A_complete_document_is_bookable_everywhere_and_a_pending_scan_nowhere()
    {
        var complete = Complete();
        var scanning = complete with { Document = complete.Document! with { OcrStatus = OcrStatuses.Processing } };

        Assert.Null(Bookability.Blocker(complete));
        Assert.True(BulkBookability.IsBookable(InboxRow.From(complete)));
        Assert.StartsWith("The OCR is still processing", Bookability.Blocker(scanning));
        Assert.False(BulkBookability.IsBookable(InboxRow.From(scanning)));
    }

    [Fact]
    public void The_editor_knows_dirtiness_and_blockers_without_a_browser()
    {
        var editor = new DocumentEditor(CultureInfo.InvariantCulture);
        editor.Load(Complete());
        Assert.False(editor.IsDirty);
        Assert.Equal("Nothing to save.", editor.SaveBlocker);
        Assert.Equal("Book", editor.BookLabel);
        Assert.Equal("excludingTaxes", editor.FirstAttentionField);

        editor.Model!.DocumentNumber = "";
        editor.Revalidate();

        Assert.True(editor.IsDirty);
        Assert.Null(editor.SaveBlocker);
        Assert.Equal("Save your edits before booking.", editor.BookBlocker);
        Assert.Contains("documentNumber", editor.Check!.MissingForBooking);
        Assert.Equal("documentNumber", editor.FirstAttentionField);
        Assert.Null(editor.Edited().DocumentNumber);
    }

    [Fact]
    public void Every_property_of_the_PUT_view_is_one_line_of_the_writable_fields_table()
    {
        var properties = typeof(DocumentUpdate).GetProperties().Where(p => p.Name != nameof(DocumentUpdate.Extra))
            .Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]).Order(StringComparer.Ordinal);
        var table = WritableFields.All.Select(f => f.Name).Order(StringComparer.Ordinal);

        Assert.Equal(properties, table);
    }

    [Fact]
    public void A_merge_takes_exactly_the_fields_named_and_diff_paths_read_as_form_labels()
    {
        var mine = Complete().Document! with { Comment = "mine", AccountingLabel = "mine" };
        var theirs = Complete().Document! with { Comment = "theirs", AccountingLabel = "theirs" };

        var merged = WritableFields.Take(mine, theirs, ["comment", "notAField"]);

        Assert.Equal(("theirs", "mine"), (merged.Comment, merged.AccountingLabel));
        Assert.Equal("VAT amount (line 2)", WritableFields.LabelOf("amountIncludingTaxes.taxes[1].value"));
        Assert.Equal("Amount including taxes", WritableFields.LabelOf("amountIncludingTaxes.includingTaxes.value"));
        Assert.Equal("Accounting label", WritableFields.LabelOf("accountingLabel"));
    }

    [Fact]
    public void A_version_is_its_modifiedAt_and_its_content_also_where_Lucca_sends_no_modifiedAt()
    {
        var seen = Complete() with { Document = Complete().Document! with { ModifiedAt = null } };
        var edited = seen with { Document = seen.Document! with { Comment = "changed in Lucca" } };

        Assert.Equal(SeenVersion.Of(seen).Stamp, SeenVersion.Of(seen with { }).Stamp);
        Assert.NotEqual(SeenVersion.Of(seen).Stamp, SeenVersion.Of(edited).Stamp);
    }

    [Fact]
    public async Task Document_gates_are_let_go_when_nobody_holds_or_waits_for_them()
    {
        var gates = new DocumentGates();
        var first = await gates.InOrderAsync(1, CancellationToken.None);
        var second = gates.InOrderAsync(1, CancellationToken.None);
        Assert.False(second.IsCompleted);
        Assert.False(await gates.WhenIdleAsync(1, () => Task.CompletedTask));

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();

        Assert.Equal(0, gates.Count);
    }

    private static InboxItem Complete() => new()
    {
        Id = 1,
        CreatedAt = Received,
        Document = new Document
        {
            Id = 1001,
            Type = DocumentTypes.Invoice,
            Owner = new UserReference { Id = 7, Name = "Alice Martin" },
            DocumentNumber = "INV-0001",
            DocumentDate = new DateOnly(2026, 11, 2),
            OcrStatus = OcrStatuses.Processed,
            CreatedAt = Received,
            ModifiedAt = Received,
            AmountIncludingTaxes = new TaxedAmount
            {
                ExcludingTaxes = new Amount { Value = 100m, Currency = "EUR" },
                Taxes = [new TaxLine { RateTypeId = 1, Value = 20m, Currency = "EUR" }],
                IncludingTaxes = new Amount { Value = 120m, Currency = "EUR" },
            },
        },
    };
}
