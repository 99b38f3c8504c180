namespace LuccaInbox.E2E;

[Collection(AppCollection.Name)]
public sealed class PresenceTests(AppUnderTest app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact(Timeout = Limit)]
    public async Task People_on_the_same_document_see_each_other_live_and_see_a_colleagues_save_at_once()
    {
        var editor = await Pages.SignedInPageAsync(App, "editor");
        var admin = await Pages.SignedInPageAsync(App, "admin");
        var (inboxId, _) = await Pages.PickProcessedInvoiceAsync(editor, skip: 20);
        await Pages.GotoInteractiveAsync(editor, $"/documents/{inboxId}");
        await Pages.GotoInteractiveAsync(admin, $"/documents/{inboxId}");

        await Assertions.Expect(editor.Locator("[data-testid=presence-avatar][data-user='Alex Moreau']")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("[data-testid=presence-avatar][data-user='Élodie Bernard']")).ToBeVisibleAsync();

        await admin.GetByTestId("field-accountingLabel").FillAsync("Typed by the admin");
        await Assertions.Expect(editor.Locator("[data-testid=presence-avatar][data-user='Alex Moreau']")).ToContainTextAsync("✎");

        await admin.GetByTestId("doc-save").ClickAsync();
        await Assertions.Expect(editor.GetByTestId("doc-external-change")).ToContainTextAsync("Alex Moreau just saved this document");
        await Assertions.Expect(editor.GetByTestId("doc-external-change")).ToContainTextAsync("Typed by the admin");
        await Assertions.Expect(editor.GetByTestId("field-accountingLabel")).ToHaveValueAsync("Typed by the admin");

        // The admin goes back to the inbox: leaving the document ends their presence at once. (Closing the tab ends it
        // only when Blazor drops the circuit, which a browser that gives no unload signal delays by minutes.)
        await admin.GetByRole(AriaRole.Link, new() { Name = "Inbox", Exact = true }).First.ClickAsync();
        await Assertions.Expect(editor.Locator("[data-testid=presence-avatar]")).ToHaveCountAsync(0);
        await admin.Context.CloseAsync();
        await editor.Context.CloseAsync();
    }
}
