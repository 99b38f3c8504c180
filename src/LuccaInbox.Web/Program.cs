using LuccaInbox.Web;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.UseBaseAppSettingsBesideTheApp();
builder.AddLuccaInbox();

var app = builder.Build();
await app.UseLuccaInboxAsync();
await app.RunAsync();

public partial class Program;
