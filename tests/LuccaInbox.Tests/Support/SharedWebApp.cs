namespace LuccaInbox.Tests.Support;

/// <summary>
/// One in-memory app (default settings) shared by every test of a class that only reads from it: starting the whole
/// app, its emulator and its database for each of dozens of requests cost more than the requests. A class whose tests
/// change the app (settings, Lucca's data) keeps its own <see cref="WebAppFactory"/> per test.
/// </summary>
public sealed class SharedWebApp : IAsyncLifetime
{
    public WebAppFactory App { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}
