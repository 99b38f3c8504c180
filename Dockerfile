# syntax=docker/dockerfile:1
# LuccaInbox: build with the .NET SDK, run on the ASP.NET runtime as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY Directory.Build.props Directory.Packages.props LuccaInbox.Web.sln appsettings.json ./
COPY src/LuccaInbox.Lucca/LuccaInbox.Lucca.csproj src/LuccaInbox.Lucca/
COPY src/LuccaInbox.Emulator/LuccaInbox.Emulator.csproj src/LuccaInbox.Emulator/
COPY src/LuccaInbox.Web/LuccaInbox.Web.csproj src/LuccaInbox.Web/
RUN dotnet restore src/LuccaInbox.Web/LuccaInbox.Web.csproj
COPY src/ src/
COPY wwwroot-assets/ wwwroot-assets/
RUN dotnet publish src/LuccaInbox.Web/LuccaInbox.Web.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# curl for the health check only.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /app .
# The audit database and image cache live in /app/data: mount a volume there to keep them.
# Audit checkpoints go outside the data folder (Audit:CheckpointFile): ship them from this volume to WORM storage.
RUN mkdir -p /app/data /var/log/luccainbox && chown -R app:app /app/data /var/log/luccainbox
VOLUME ["/app/data", "/var/log/luccainbox"]
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    App__DataFolder=/app/data \
    DOTNET_RUNNING_IN_CONTAINER=true
EXPOSE 8080
USER app
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS http://localhost:8080/health/live || exit 1
ENTRYPOINT ["dotnet", "LuccaInbox.Web.dll"]
