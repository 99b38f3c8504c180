using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.LuccaAccess;

namespace LuccaInbox.Web.Suppliers;

/// <summary>What Lucca knows about a supplier that a clerk checks an invoice against.</summary>
public sealed record SupplierInfo(int Id, string Name, string? VatNumber, string? Iban, string? Bic)
{
    public bool HasBankAccount => !string.IsNullOrWhiteSpace(Iban);
}

/// <summary>
/// Each purchase's supplier (API-FACTS §10–11), shared by all users and read in the background lane: the suppliers list
/// (one or two requests), the purchases list, then <c>GET /purchases/{id}</c> only for a purchase the list did not name a
/// supplier for. Refreshed every <c>Suppliers:RefreshMinutes</c> (default 360); a purchase never seen before is looked up
/// when first asked for. Whatever shape Lucca gives (a supplier reference, a bare supplierId, nothing), what cannot be
/// told is simply unknown: the page says so instead of failing.
/// </summary>
public sealed class SupplierDirectory(ILuccaInvoicesApi api, IConfiguration configuration, TimeProvider time, ILogger<SupplierDirectory> logger)
{
    private const int MaxPurchasePages = 20;
    private const int MaxLookupsPerRefresh = 25;
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private IReadOnlyDictionary<int, SupplierInfo> _suppliers = new Dictionary<int, SupplierInfo>();
    private Dictionary<int, int?> _supplierOfPurchase = [];
    private readonly HashSet<int> _wanted = [];
    private Task? _refresh;
    private DateTimeOffset? _loadedAt;
    private DateTimeOffset _nextAttempt = DateTimeOffset.MinValue;

    /// <summary>Raised when suppliers or purchases were (re)read: pages showing supplier names render again.</summary>
    public event Action? Changed;

    public bool IsLoaded { get { lock (_lock) return _loadedAt is not null; } }

    private TimeSpan RefreshEvery => TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Suppliers:RefreshMinutes", 360)));

    /// <summary>The supplier of a purchase, from what is loaded; starts a background read when it is missing or old.</summary>
    public SupplierInfo? ForPurchase(int? purchaseId)
    {
        if (purchaseId is not > 0) return null;
        lock (_lock)
        {
            if (_supplierOfPurchase.TryGetValue(purchaseId.Value, out var supplierId))
            {
                if (IsStale()) StartRefresh();
                return supplierId is { } id ? _suppliers.GetValueOrDefault(id) : null;
            }
            _wanted.Add(purchaseId.Value);
            StartRefresh();
            return null;
        }
    }

    /// <summary>Reads what is missing or old now; the task of a read already under way otherwise. For tests and warm-up.</summary>
    public Task RefreshAsync()
    {
        lock (_lock) return StartRefresh(force: true);
    }

    private bool IsStale() => _loadedAt is not { } at || time.GetUtcNow() - at >= RefreshEvery;

    private Task StartRefresh(bool force = false)
    {
        if (_refresh is { IsCompleted: false }) return _refresh;
        if (!force && time.GetUtcNow() < _nextAttempt) return Task.CompletedTask;
        return _refresh = Task.Run(ReadQuietlyAsync);
    }

    private async Task ReadQuietlyAsync()
    {
        try
        {
            await ReadAsync();
            Changed?.Invoke();
        }
        catch (Exception e)
        {
            // Whatever went wrong (an answer of an unexpected shape too), try again later, never in a loop.
            logger.LogWarning("Suppliers could not be read from Lucca: {Reason}", LuccaErrors.IsLuccaFailure(e) ? LuccaErrors.Describe(e) : e.GetType().Name + ": " + e.Message);
            lock (_lock) _nextAttempt = time.GetUtcNow() + RetryAfterFailure;
        }
    }

    private async Task ReadAsync()
    {
        using var lane = BackgroundLane.Begin();
        bool whole;
        lock (_lock) whole = IsStale();
        if (whole)
        {
            var suppliers = await ReadSuppliersAsync();
            var purchases = await ReadPurchaseListAsync();
            lock (_lock)
            {
                _suppliers = suppliers.Where(s => s.Id > 0).GroupBy(s => s.Id).ToDictionary(g => g.Key, g => Info(g.First()));
                _supplierOfPurchase = purchases;
                _loadedAt = time.GetUtcNow();
            }
        }
        await LookUpWantedPurchasesAsync();
    }

    private async Task<IReadOnlyList<Supplier>> ReadSuppliersAsync()
    {
        try
        {
            return await api.GetAllSuppliersAsync();
        }
        catch (LuccaApiException e) when (e.StatusCode is null or System.Net.HttpStatusCode.BadRequest)
        {
            // A list that does not count (fields.root=count is documented for suppliers, but not every server may honour it):
            // the first thousand are read as one page.
            logger.LogInformation("The suppliers list could not be counted ({Reason}); reading one page", e.Message);
            return (await api.GetSuppliersAsync(null, LuccaPaging.MaxPageSize, null, null)).Items ?? [];
        }
    }

    /// <summary>The purchases list, following its next-page tokens; purchases that do not name a supplier are kept as unknown.</summary>
    private async Task<Dictionary<int, int?>> ReadPurchaseListAsync()
    {
        var found = new Dictionary<int, int?>();
        string? page = null;
        for (var n = 0; n < MaxPurchasePages; n++)
        {
            var result = await api.GetPurchasesAsync(LuccaPaging.MaxPageSize, page);
            foreach (var purchase in result.Items ?? [])
            {
                if (purchase is { Id: > 0 } && purchase.SupplierIdOrNull is { } supplierId) found[purchase.Id] = supplierId;
            }
            if (string.IsNullOrEmpty(result.Next) || result.Next == page || result.Items is not { Count: > 0 }) break;
            page = result.Next;
        }
        return found;
    }

    private async Task LookUpWantedPurchasesAsync()
    {
        List<int> wanted;
        lock (_lock)
        {
            wanted = _wanted.Where(id => !_supplierOfPurchase.TryGetValue(id, out var known) || known is null).Take(MaxLookupsPerRefresh).ToList();
            _wanted.Clear();
        }
        foreach (var purchaseId in wanted)
        {
            int? supplierId = null;
            try
            {
                supplierId = (await api.GetPurchaseAsync(purchaseId)).SupplierIdOrNull;
            }
            catch (LuccaApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                logger.LogInformation("Purchase {PurchaseId} is not in Lucca", purchaseId);
            }
            lock (_lock) _supplierOfPurchase[purchaseId] = supplierId;
        }
    }

    private static SupplierInfo Info(Supplier supplier) => new(supplier.Id,
        string.IsNullOrWhiteSpace(supplier.Name) ? $"Supplier #{supplier.Id}" : supplier.Name.Trim(),
        Blank(supplier.LegalRegistration?.VatNumber), Blank(supplier.BankAccount?.Iban), Blank(supplier.BankAccount?.Bic));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
