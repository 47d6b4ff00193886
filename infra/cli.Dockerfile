# gsam, the producer: submit photos, wait for the batch, fetch results; also `gsam run` and `gsam models pull`.
# Build from the repository root: docker build -f infra/cli.Dockerfile -t gsam .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/GroundedSam.Cli/GroundedSam.Cli.csproj -c Release -r linux-x64 --self-contained false -o /app \
 && rm -rf /app/runtimes/win-* /app/runtimes/osx-*

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app .
COPY models/tiny /app/models/tiny
USER app
ENTRYPOINT ["dotnet", "/app/gsam.dll"]
