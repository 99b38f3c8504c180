using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using MudBlazor;

namespace LuccaInbox.Web.Documents;

/// <summary>What the page tells the person after a flow: a line of text and how it matters.</summary>
public sealed record PageMessage(string Text, Severity Severity);

/// <summary>The document page's save: save, and on a conflict let the person choose and save the merge.</summary>
public sealed class SaveFlow(DocumentSaving saving, IDialogService dialogs)
{
    /// <summary>Saves the editor's edits; the editor then shows what Lucca holds (after a save, or when the person took theirs).</summary>
    public async Task<SaveResult> RunAsync(AppUser user, DocumentEditor editor)
    {
        if (editor.Item is not { Document: not null } item || editor.SaveBlocker is not null) return new SaveResult(SaveStatus.NothingToSave, editor.SaveBlocker ?? "Nothing to save.");
        editor.Saving = true;
        try
        {
            var edited = editor.Edited();
            var result = await saving.SaveAsync(user, item, edited);
            if (result.Status == SaveStatus.Conflict) result = await ResolveAsync(user, editor, result, edited);
            if (result is { Status: SaveStatus.Saved, Saved: { } saved }) editor.Load(saved);
            return result;
        }
        catch (Exception e) when (e is AuditUnavailableException or ForbiddenActionException)
        {
            return new SaveResult(SaveStatus.Refused, e.Message);
        }
        finally
        {
            editor.Saving = false;
        }
    }

    private async Task<SaveResult> ResolveAsync(AppUser user, DocumentEditor editor, SaveResult conflict, LuccaInbox.Lucca.Models.Document edited)
    {
        var dialog = await dialogs.ShowAsync<ConflictDialog>("Conflict", new DialogParameters<ConflictDialog>
        {
            { d => d.Theirs, conflict.TheirChanges ?? [] },
            { d => d.Mine, conflict.Changes ?? [] },
        }, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        var choice = await dialog.Result;
        if (choice is not { Canceled: false, Data: ConflictDialog.Resolution resolution } || conflict.ServerDocument is not { } theirs)
        {
            return conflict with { Message = "Not saved: your edits are still on screen." };
        }
        if (resolution.TakeTheirs)
        {
            editor.Load(editor.Item! with { Document = theirs });
            return conflict with { Status = SaveStatus.NothingToSave, Message = "Loaded the version from Lucca; your edits were dropped." };
        }
        return await saving.SaveMergedAsync(user, editor.Item!, edited, theirs, resolution.FieldsKeptFromTheirs);
    }

    /// <summary>How a save's result is said on the page; a successful save is said in a passing message instead.</summary>
    public static PageMessage? MessageFor(SaveResult result) => result.Status switch
    {
        SaveStatus.Saved => null,
        SaveStatus.NothingToSave => new PageMessage(result.Message, Severity.Info),
        _ => new PageMessage(result.Message + (result.FieldErrors is { Count: > 0 } errors
            ? " " + string.Join(" ", errors.Select(kv => $"{LuccaInbox.Lucca.Models.WritableFields.LabelOf(kv.Key)}: {string.Join(" ", kv.Value)}"))
            : ""), Severity.Error),
    };
}
