using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace LuccaInbox.Web.Inbox;

/// <summary>
/// The grid's state: filters, search, sort and page. It round-trips through the URL query so a link or the
/// back button restores the grid; anything unreadable in a crafted URL falls back to the default.
/// </summary>
public sealed record InboxQuery
{
    public static readonly int[] PageSizes = [25, 50, 100];
    public static readonly string[] SortKeys = ["received", "type", "number", "supplier", "purchase", "owner", "date", "due", "amount", "ocr", "source"];
    private const int MaxSearchLength = 200;

    public string? Search { get; init; }
    public string? Type { get; init; }
    public IReadOnlyList<string> OcrStatuses { get; init; } = [];
    public int? OwnerId { get; init; }
    public string? Currency { get; init; }
    public DateOnly? DocumentDateFrom { get; init; }
    public DateOnly? DocumentDateTo { get; init; }
    public DateOnly? DueFrom { get; init; }
    public DateOnly? DueTo { get; init; }
    public decimal? AmountMin { get; init; }
    public decimal? AmountMax { get; init; }
    /// <summary>overdue, week (due in the next 7 days), later, none (no due date): the overview's buckets.</summary>
    public string? DueBucket { get; init; }
    public static readonly string[] DueBuckets = ["overdue", "week", "later", "none"];
    /// <summary>differs (a field differs from the invoice itself), bank (the IBAN is not the supplier's on file): <see cref="RowFlags"/>.</summary>
    public string? Check { get; init; }
    public static readonly string[] Checks = ["differs", "bank"];
    public string Sort { get; init; } = "received";
    public bool Descending { get; init; } = true;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;

    public bool HasFilters => Search is not null || Type is not null || OcrStatuses.Count > 0 || OwnerId is not null || Currency is not null
        || DocumentDateFrom is not null || DocumentDateTo is not null || DueFrom is not null || DueTo is not null
        || AmountMin is not null || AmountMax is not null || DueBucket is not null || Check is not null;

    public static InboxQuery FromQueryString(string? queryString)
    {
        var q = QueryHelpers.ParseQuery(queryString);
        return FromValues(key => q.TryGetValue(key, out var v) ? v.ToString() : null);
    }

    /// <summary>The query from the value of each of its URL keys (<see cref="ToQueryParameters"/>), null for an absent one.</summary>
    public static InboxQuery FromValues(Func<string, string?> value)
    {
        string? Text(string key) => value(key) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        DateOnly? Date(string key) => DateOnly.TryParseExact(Text(key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        decimal? Amount(string key) => decimal.TryParse(Text(key), NumberStyles.Number, CultureInfo.InvariantCulture, out var a) && Math.Abs(a) < 1e12m ? a : null;
        int? Int(string key) => int.TryParse(Text(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

        var sort = Text("sort");
        var size = Int("size");
        var page = Int("page");
        return new InboxQuery
        {
            Search = Text("q") is { } s ? s[..Math.Min(s.Length, MaxSearchLength)] : null,
            Type = Text("type") is { } t && LuccaInbox.Lucca.Models.DocumentTypes.All.Contains(t) ? t : null,
            OcrStatuses = (Text("ocr") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(LuccaInbox.Lucca.Models.OcrStatuses.All.Contains).Distinct().ToList(),
            OwnerId = Int("owner"),
            Currency = Text("cur") is { Length: >= 3 and <= 4 } c && c.All(char.IsAsciiLetterUpper) ? c : null,
            DocumentDateFrom = Date("dfrom"),
            DocumentDateTo = Date("dto"),
            DueFrom = Date("duefrom"),
            DueTo = Date("dueto"),
            AmountMin = Amount("amin"),
            AmountMax = Amount("amax"),
            DueBucket = Text("duein") is { } bucket && DueBuckets.Contains(bucket) ? bucket : null,
            Check = Text("check") is { } check && Checks.Contains(check) ? check : null,
            Sort = sort is not null && SortKeys.Contains(sort) ? sort : "received",
            Descending = Text("dir") is not "asc",
            Page = page is >= 1 and <= 100_000 ? page.Value : 1,
            PageSize = size is { } sz && PageSizes.Contains(sz) ? sz : 25,
        };
    }

    /// <summary>Every URL key of the query with its value, in a fixed order; null where the default applies (a URL built
    /// from these leaves that key out). The one place the keys are written.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> ToQueryParameters()
    {
        static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        static string? Money(decimal? a) => a?.ToString(CultureInfo.InvariantCulture);
        static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;
        return
        [
            new("q", Blank(Search)),
            new("type", Blank(Type)),
            new("ocr", OcrStatuses.Count > 0 ? string.Join(',', OcrStatuses) : null),
            new("owner", OwnerId?.ToString(CultureInfo.InvariantCulture)),
            new("cur", Blank(Currency)),
            new("dfrom", Day(DocumentDateFrom)),
            new("dto", Day(DocumentDateTo)),
            new("duefrom", Day(DueFrom)),
            new("dueto", Day(DueTo)),
            new("amin", Money(AmountMin)),
            new("amax", Money(AmountMax)),
            new("duein", Blank(DueBucket)),
            new("check", Blank(Check)),
            new("sort", Sort != "received" ? Sort : null),
            new("dir", Descending ? null : "asc"),
            new("page", Page != 1 ? Page.ToString(CultureInfo.InvariantCulture) : null),
            new("size", PageSize != 25 ? PageSize.ToString(CultureInfo.InvariantCulture) : null),
        ];
    }

    public string ToQueryString() => QueryString.Create(ToQueryParameters().Where(p => p.Value is not null)).ToUriComponent();

    /// <summary>Whether the grid shows what <paramref name="other"/> shows: the same filters, sort and page size (the page
    /// a person moved to aside). A saved view is the active one only then.</summary>
    public bool ShowsSameAs(InboxQuery other) => (this with { Page = 1 }).ToQueryString() == (other with { Page = 1 }).ToQueryString();
}

public sealed record InboxQueryResult(IReadOnlyList<InboxRow> Rows, int Total, int Page, int PageCount);

/// <summary>Filter, search, sort and page over the snapshot, in memory.</summary>
public static class InboxQueries
{
    /// <summary>The rows the query picks, in its order. <paramref name="today"/> is the person's day (ViewerClock.Today):
    /// the due buckets count from it.</summary>
    /// <param name="marks">Supplier names and check flags (<see cref="InvoiceCheck.DocumentChecks.Marks"/>); none in tests that do not need them.</param>
    public static IEnumerable<InboxRow> FilterAndSort(IEnumerable<InboxRow> rows, InboxQuery query, DateOnly today, RowMarks? marks = null)
    {
        marks ??= RowMarks.None;
        if (query.Check is { } check) rows = rows.Where(r => marks.Flags(r).HasFlag(check == "bank" ? RowFlags.BankDetailsChanged : RowFlags.DiffersFromInvoice));
        if (query.DueBucket is { } bucket) rows = rows.Where(r => DueBucketOf(r, today) == bucket);
        if (query.Type is { } type) rows = rows.Where(r => r.Type == type);
        if (query.OcrStatuses.Count > 0) rows = rows.Where(r => query.OcrStatuses.Contains(r.OcrStatus));
        if (query.OwnerId is { } owner) rows = rows.Where(r => r.OwnerId == owner);
        if (query.Currency is { } currency) rows = rows.Where(r => r.Currency == currency);
        if (query.DocumentDateFrom is { } df) rows = rows.Where(r => r.DocumentDate >= df);
        if (query.DocumentDateTo is { } dt) rows = rows.Where(r => r.DocumentDate <= dt);
        if (query.DueFrom is { } uf) rows = rows.Where(r => r.DueDate >= uf);
        if (query.DueTo is { } ut) rows = rows.Where(r => r.DueDate <= ut);
        if (query.AmountMin is { } min) rows = rows.Where(r => r.AmountIncludingTaxes >= min);
        if (query.AmountMax is { } max) rows = rows.Where(r => r.AmountIncludingTaxes <= max);
        if (query.Search is { } search)
        {
            rows = rows.Where(r => Contains(r.DocumentNumber, search) || Contains(r.Purchase, search) || Contains(marks.SupplierName(r), search)
                || Contains(r.AccountingLabel, search) || Contains(r.Comment, search));
        }
        return Sorted(rows, query.Sort, query.Descending, marks);
    }

    public static string DueBucketOf(InboxRow row, DateOnly today) => row.DueDate switch
    {
        null => "none",
        { } due when due < today => "overdue",
        { } due when due <= today.AddDays(6) => "week",
        _ => "later",
    };

    /// <summary>The page of rows the query asks for; <paramref name="today"/> is the person's day (ViewerClock.Today).</summary>
    public static InboxQueryResult Run(InboxSnapshot snapshot, InboxQuery query, DateOnly today, RowMarks? marks = null)
    {
        var matching = FilterAndSort(snapshot.Rows, query, today, marks).ToList();
        var pageCount = Math.Max(1, (int)Math.Ceiling(matching.Count / (double)query.PageSize));
        var page = Math.Min(query.Page, pageCount);
        return new InboxQueryResult(matching.Skip((page - 1) * query.PageSize).Take(query.PageSize).ToList(), matching.Count, page, pageCount);
    }

    private static bool Contains(string? value, string search) =>
        value is not null && value.Contains(search, StringComparison.CurrentCultureIgnoreCase);

    // Rows with no value sort last in both directions; ties fall back to the inbox id, so paging is stable.
    private static IEnumerable<InboxRow> Sorted(IEnumerable<InboxRow> rows, string sort, bool descending, RowMarks marks) => sort switch
    {
        "type" => By(rows, r => r.Type, descending),
        "number" => By(rows, r => r.DocumentNumber, descending),
        "supplier" => By(rows, marks.SupplierName, descending),
        "purchase" => By(rows, r => r.Purchase, descending),
        "owner" => By(rows, r => r.Owner, descending),
        "date" => By(rows, r => r.DocumentDate, descending),
        "due" => By(rows, r => r.DueDate, descending),
        "amount" => By(rows, r => r.AmountIncludingTaxes, descending),
        "ocr" => By(rows, r => r.OcrStatus, descending),
        "source" => By(rows, r => r.Source, descending),
        _ => By(rows, r => r.ReceivedAt, descending),
    };

    private static IOrderedEnumerable<InboxRow> By<TKey>(IEnumerable<InboxRow> rows, Func<InboxRow, TKey?> key, bool descending)
    {
        var withValueFirst = rows.OrderBy(r => key(r) is null);
        var ordered = descending
            ? withValueFirst.ThenByDescending(key, Comparer<TKey?>.Default)
            : withValueFirst.ThenBy(key, Comparer<TKey?>.Default);
        return descending ? ordered.ThenByDescending(r => r.InboxId) : ordered.ThenBy(r => r.InboxId);
    }
}

[Flags]
public enum RowFlags { None = 0, DiffersFromInvoice = 1, BankDetailsChanged = 2 }

/// <summary>What the grid shows beside Lucca's own data: each row's supplier name and check flags.</summary>
public sealed record RowMarks(Func<InboxRow, string?> SupplierName, Func<InboxRow, RowFlags> Flags)
{
    public static readonly RowMarks None = new(_ => null, _ => RowFlags.None);
}
