namespace LuccaInbox.Web.SavedViews;

/// <summary>A person's named grid state ("My OCR failures", "Due this week"): the inbox query string, replayed as is.</summary>
public sealed class SavedView
{
    public int Id { get; set; }
    public string UserObjectId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Query { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}
