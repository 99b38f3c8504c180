using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace LuccaInbox.E2E;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright) with the WCAG 2.1 A and AA rules, on a page as it stands. A violation fails the
/// test with what to fix: rule id, impact, the elements (CSS selectors) and axe's help text and link.
/// </summary>
public static class Accessibility
{
    public static readonly IReadOnlyList<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>Runs axe on the whole page and returns its violations, each written to <paramref name="output"/>.</summary>
    public static async Task<AxeResultItem[]> ViolationsAsync(IPage page, string what, ITestOutputHelper output)
    {
        // Transitions (dialogs fading in, ripples) would be measured half-way: let them end first.
        await page.WaitForTimeoutAsync(400);
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
            ResultTypes = [ResultType.Violations],
        });
        output.WriteLine($"axe on {what}: {result.Violations.Length} rule(s) violated, {result.Violations.Sum(v => v.Nodes.Length)} element(s)");
        output.WriteLine(Describe(result.Violations));
        return result.Violations;
    }

    /// <summary>Fails with every violation axe finds on the page, described so the failure says what to fix.</summary>
    public static async Task AssertNoViolationsAsync(IPage page, string what, ITestOutputHelper output)
    {
        var violations = await ViolationsAsync(page, what, output);
        if (violations.Length == 0) return;
        await Pages.SaveFailureScreenshotAsync(page, "axe-" + string.Concat(what.Select(c => char.IsLetterOrDigit(c) ? c : '-')));
        Assert.Fail($"axe found {violations.Length} WCAG 2.1 A/AA rule(s) violated on {what}:\n{Describe(violations)}");
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
