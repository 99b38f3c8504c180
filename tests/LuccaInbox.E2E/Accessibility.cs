using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace LuccaInbox.E2E;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright) with the WCAG 2.1 A and AA rules (and the page-outline rules of
/// <see cref="StructureRules"/>), on a page as it stands. A violation fails the
/// test with what to fix: rule id, impact, the elements (CSS selectors) and axe's help text and link.
/// </summary>
public static class Accessibility
{
    public static readonly IReadOnlyList<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>axe's best-practice rules for the page's outline, which the WCAG tags leave out: one <c>main</c> landmark,
    /// an h1, and headings that do not skip levels (the app name in the bar is not a heading before the page's h1).</summary>
    public static readonly IReadOnlyList<string> StructureRules = ["landmark-one-main", "landmark-no-duplicate-main", "page-has-heading-one", "heading-order"];

    /// <summary>Runs axe on the whole page and returns its violations, each written to <paramref name="output"/>.</summary>
    public static async Task<AxeResultItem[]> ViolationsAsync(IPage page, string what, ITestOutputHelper output)
    {
        // Transitions (dialogs fading in, ripples) would be measured half-way: let them end first.
        await page.WaitForTimeoutAsync(400);
        var wcag = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
            ResultTypes = [ResultType.Violations],
        });
        var structure = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "rule", Values = [.. StructureRules] },
            ResultTypes = [ResultType.Violations],
        });
        AxeResultItem[] violations = [.. wcag.Violations, .. structure.Violations];
        output.WriteLine($"axe {wcag.TestEngine?.Version} on {what}: {violations.Length} rule(s) violated, {violations.Sum(v => v.Nodes.Length)} element(s)");
        output.WriteLine(Describe(violations));
        return violations;
    }

    /// <summary>What is wrong on the page, described so a failure says what to fix (null when nothing): axe's violations,
    /// and an outline that does not start with the page's h1 (axe accepts any heading before it, e.g. the app's name).</summary>
    public static async Task<string?> ProblemsAsync(IPage page, string what, ITestOutputHelper output)
    {
        var violations = await ViolationsAsync(page, what, output);
        const string FirstHeading = """
            () => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')]
                .filter(h => !h.closest('.mud-dialog, .mud-popover') && h.getClientRects().length > 0)
                .map(h => h.tagName.toLowerCase() + ' "' + h.textContent.trim().slice(0, 40) + '"')[0] ?? null
            """;
        var first = await page.EvaluateAsync<string?>(FirstHeading);
        var outline = first is not null && first.StartsWith("h1 ", StringComparison.Ordinal) ? null : $"- the page's first heading is {first ?? "missing"}, not its h1\n";
        if (violations.Length == 0 && outline is null) return null;
        await Pages.SaveFailureScreenshotAsync(page, "axe-" + string.Concat(what.Select(c => char.IsLetterOrDigit(c) ? c : '-')));
        return $"{what}: {violations.Length} axe rule(s) violated\n{outline}{Describe(violations)}";
    }

    /// <summary>Fails with every problem <see cref="ProblemsAsync"/> finds on the page.</summary>
    public static async Task AssertNoProblemsAsync(IPage page, string what, ITestOutputHelper output)
    {
        if (await ProblemsAsync(page, what, output) is { } problems) Assert.Fail("WCAG 2.1 A/AA (axe) on " + problems);
    }

    /// <summary>Fails with the problems found on each page or dialog of a test, once all were checked.</summary>
    public static void AssertNone(IEnumerable<string?> problems)
    {
        var found = problems.OfType<string>().ToList();
        Assert.True(found.Count == 0, "WCAG 2.1 A/AA (axe) on " + string.Join("\n", found));
    }

    /// <summary>Gives <paramref name="target"/> the keyboard's focus (as Tab would: it matches :focus-visible) and tells
    /// whether <paramref name="ring"/> then draws it: an outline or a box shadow that was not there before.</summary>
    public static async Task<bool> ShowsFocusAsync(ILocator target, ILocator ring)
    {
        const string Ring = """
            e => { const s = getComputedStyle(e);
                   return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? 'outline ' + s.outlineWidth + ' ' + s.outlineColor : '')
                        + (s.boxShadow !== 'none' ? ' shadow ' + s.boxShadow : ''); }
            """;
        await target.ScrollIntoViewIfNeededAsync();
        await target.EvaluateAsync("e => e.blur()");
        var before = await ring.EvaluateAsync<string>(Ring);
        await target.Page.Keyboard.PressAsync("Shift"); // the last input was a key: focus() then counts as keyboard focus
        await target.FocusAsync();
        var focused = await target.EvaluateAsync<bool>("e => e.matches(':focus-visible')");
        var after = await ring.EvaluateAsync<string>(Ring);
        return focused && after.Length > 0 && after != before;
    }

    public static string Describe(IEnumerable<AxeResultItem> violations)
    {
        var text = new StringBuilder();
        foreach (var v in violations)
        {
            text.AppendLine($"- {v.Id} ({v.Impact}, {v.Nodes.Length} element(s)): {v.Help} [{v.HelpUrl}]");
            foreach (var node in v.Nodes.Take(10))
            {
                var summary = string.Join("; ", node.All.Concat(node.None).Concat(node.Any.Take(1)).Select(check => check.Message).Distinct());
                text.AppendLine($"    {node.Target}  {Shorten(summary, 240)}");
            }
            if (v.Nodes.Length > 10) text.AppendLine($"    … and {v.Nodes.Length - 10} more");
        }
        return text.ToString();
    }

    private static string Shorten(string? text, int max) =>
        text is null ? "" : text.Length <= max ? text : text[..max] + "…";
}
