# The GPU worker: Grounding DINO + SAM 2 on ONNX Runtime's CUDA provider (CUDA 13, cuDNN 9).
# Build from the repository root: docker build -f infra/segmentation-worker.Dockerfile -t gsam-segmentation-worker .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# Self-contained: the CUDA base image has no .NET runtime. InvariantGlobalization is on, so no ICU is needed.
RUN dotnet publish src/GroundedSam.SegmentationWorker/GroundedSam.SegmentationWorker.csproj \
      -c Release -r linux-x64 --self-contained true -o /app \
 && rm -rf /app/runtimes/win-* /app/runtimes/osx-*

FROM nvidia/cuda:13.0.0-cudnn-runtime-ubuntu24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 gsam
WORKDIR /app
COPY --from=build /app .
USER gsam
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    Models__Folder=/models \
    Execution__PreferCuda=true \
    Execution__CudaDeviceId=0
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s CMD curl -fsS http://localhost:8080/health/ready || exit 1
# SIGTERM: the worker finishes the jobs in hand within Worker__ShutdownTimeoutSeconds, or returns them to the queue.
STOPSIGNAL SIGTERM
ENTRYPOINT ["./GroundedSam.SegmentationWorker"]
