using LuccaInbox.Web;
using LuccaInbox.Web.Lucca;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.UseBaseAppSettingsBesideTheApp();

// No Lucca account configured: run our emulator in-process and talk to it over real HTTP.
await EmbeddedLucca.StartIfNoAccountAsync(builder);

builder.AddLuccaInbox();

var app = builder.Build();
await app.UseLuccaInboxAsync();
await app.RunAsync();

public partial class Program;
