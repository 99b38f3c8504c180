using LuccaInbox.Web;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.GoLive;

if (CheckLuccaCommand.Matches(args))
{
    Environment.ExitCode = await CheckLuccaCommand.RunAsync(args, Console.Out);
    return;
}
if (CopyDatabaseCommand.Matches(args))
{
    Environment.ExitCode = await CopyDatabaseCommand.RunAsync(args, Console.Out);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.UseBaseAppSettingsBesideTheApp();
builder.Configuration.UseLuccaCheckSettings(builder.Environment);
builder.AddLuccaInbox();

var app = builder.Build();
await app.UseLuccaInboxAsync();
await app.RunAsync();

public partial class Program;
