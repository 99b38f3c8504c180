using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LuccaInbox.Web.Common;

/// <summary>
/// The time as the person using the app sees it: the app's one clock (the injected <see cref="TimeProvider"/>) in
/// their time zone, the IANA zone their browser reports. Scoped: one per HTTP request (prerendering, endpoints such
/// as the audit CSV) and one per circuit.
/// <para>How the zone arrives: wwwroot/app.js writes it to the <see cref="CookieName"/> cookie on every page load;
/// <see cref="ViewerTimeZone.UseViewerTimeZone"/> reads that cookie for every request; App.razor hands the request's
/// zone to the circuit through Routes; once the circuit is live, MainLayout asks the browser again (a first visit
/// has no cookie yet). A missing or invalid zone id is never trusted: the clock stays on UTC and says so
/// (<see cref="Format(DateTimeOffset, string)"/> appends "UTC").</para>
/// </summary>
public sealed partial class ViewerClock(TimeProvider time)
{
    /// <summary>The cookie wwwroot/app.js sets: the browser's IANA time zone, e.g. Europe/Paris.</summary>
    public const string CookieName = "LuccaInbox.TimeZone";

    /// <summary>The person's zone; UTC while it is not known (<see cref="IsKnown"/>).</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>False until a valid zone id came from the browser: times are then UTC, and say so.</summary>
    public bool IsKnown { get; private set; }

    /// <summary>The zone id to hand on (to the circuit), or null while not known.</summary>
    public string? ZoneId => IsKnown ? Zone.Id : null;

    /// <summary>Raised when the zone changes (a first visit learns it once the circuit is live): shown times re-render.</summary>
    public event Action? Changed;

    /// <summary>Takes the browser's zone if it is a valid IANA id; anything else is ignored (returns false).</summary>
    public bool Use(string? zoneId)
    {
        if (!TryFindZone(zoneId, out var zone)) return false;
        if (IsKnown && zone.Id == Zone.Id) return true;
        (Zone, IsKnown) = (zone, true);
        Changed?.Invoke();
        return true;
    }

    /// <summary>Now, in the person's zone.</summary>
    public DateTimeOffset Now => ToLocal(time.GetUtcNow());

    /// <summary>The person's date: what "today", "overdue" and "due this week" mean for them.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    public DateTimeOffset ToLocal(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>The instant in the person's zone and the current culture ("g" by default); followed by "UTC" while
    /// their zone is not known, so nobody mistakes it for their own time.</summary>
    public string Format(DateTimeOffset at, string format = "g") =>
        ToLocal(at).ToString(format, CultureInfo.CurrentCulture) + (IsKnown ? "" : " UTC");

    /// <summary>The first instant of <paramref name="day"/> for the person, in UTC: day filters over stored UTC times.</summary>
    public DateTime StartOfDayUtc(DateOnly day) => StartOfDayUtc(day, Zone);

    /// <summary>
    /// The first instant of <paramref name="day"/> in <paramref name="zone"/>, in UTC (clamped to DateTime's range).
    /// Where the clocks jump over midnight the day starts at the jump; where midnight happens twice, at the first.
    /// </summary>
    public static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue); // a wall-clock time in the zone
        var offset = zone.IsAmbiguousTime(midnight) ? zone.GetAmbiguousTimeOffsets(midnight).Max()
            : zone.IsInvalidTime(midnight) ? zone.GetUtcOffset(midnight.AddHours(-12))
            : zone.GetUtcOffset(midnight);
        var ticks = Math.Clamp(midnight.Ticks - offset.Ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
        return new DateTime(ticks, DateTimeKind.Utc);
    }

    /// <summary>A zone id as browsers report them (Area/Location, Etc/GMT+5, UTC), known to this machine.</summary>
    public static bool TryFindZone(string? zoneId, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        return zoneId is { Length: > 0 and <= 64 } && IanaShape().IsMatch(zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone);
    }

    // Letters, digits, _ + - in /-separated parts: no dots (no path tricks), spaces or anything else.
    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IanaShape();
}

public static class ViewerTimeZone
{
    /// <summary>Every request (a page's prerendering, the audit CSV) knows the person's zone from their cookie.</summary>
    public static IApplicationBuilder UseViewerTimeZone(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Cookies[ViewerClock.CookieName] is { Length: > 0 } zoneId)
        {
            context.RequestServices.GetRequiredService<ViewerClock>().Use(zoneId);
        }
        return next(context);
    });
}
