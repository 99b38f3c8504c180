namespace LuccaInbox.Emulator;

/// <summary>Standalone: dotnet run --project src/LuccaInbox.Emulator [--urls http://127.0.0.1:5080] [--Emulator:Documents=20000]</summary>
internal static class EmulatorProgram
{
    public static void Main(string[] args) => LuccaEmulator.Build(args).Run();
}
