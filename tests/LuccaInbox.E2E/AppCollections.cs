namespace LuccaInbox.E2E;

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppUnderTest>
{
    public const string Name = "app";
}

/// <summary>The app against a Lucca that gives every restrictive answer the docs allow (Emulator:Profile=strictest).</summary>
public sealed class StrictestTenantApp : AppUnderTest
{
    protected override string Name => "strictest-app";

    protected override IReadOnlyDictionary<string, string> ExtraEnvironment { get; } = new Dictionary<string, string>
    {
        ["Emulator__Profile"] = "strictest",
        ["Booking__FourEyes"] = "false",
    };
}

[CollectionDefinition(Name)]
public sealed class StrictestTenantCollection : ICollectionFixture<StrictestTenantApp>
{
    public const string Name = "strictest-tenant";
}
