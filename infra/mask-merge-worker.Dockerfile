# The CPU worker that unions each job's masks and announces InpaintReady.
# Build from the repository root: docker build -f infra/mask-merge-worker.Dockerfile -t gsam-mask-merge-worker .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/GroundedSam.MaskMergeWorker/GroundedSam.MaskMergeWorker.csproj -c Release -r linux-x64 --self-contained false -o /app \
 && rm -rf /app/runtimes/win-* /app/runtimes/osx-*

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
USER app
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s CMD curl -fsS http://localhost:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "GroundedSam.MaskMergeWorker.dll"]
