using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace GroundedSam.Inference.Onnx;

/// <summary>
/// Opens ONNX Runtime sessions on CUDA when it loads, otherwise on CPU with one log line saying why.
/// <c>GetAvailableProviders()</c> lists CUDA in the GPU package even where CUDA is absent, so the only proof is
/// appending the provider, which throws when its libraries do not load.
/// </summary>
public sealed partial class OnnxSessionFactory(ExecutionOptions options, ILogger<OnnxSessionFactory>? logger = null)
{
    private readonly ILogger _logger = LoggerOrNull(logger);
    private bool _cudaFailed;

    /// <summary>"CUDA:0" or "CPU": where the last session opened runs.</summary>
    public string Provider { get; private set; } = "CPU";

    /// <summary>
    /// Where the last opened session keeps tensors it hands to the next model: the CUDA device's memory when it runs
    /// on CUDA (so that SAM 2's image embeddings never cross to the host and back), else the CPU's.
    /// </summary>
    public OrtMemoryInfo DeviceMemory => Provider.StartsWith("CUDA", StringComparison.Ordinal)
        ? new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, options.CudaDeviceId, OrtMemType.Default)
        : OrtMemoryInfo.DefaultInstance;

    public InferenceSession Open(string modelPath)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"The model file {modelPath} is missing.", modelPath);
        }

        if (options.PreferCuda && !_cudaFailed)
        {
            var cudaOptions = CreateOptions();
            try
            {
                cudaOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                var session = new InferenceSession(modelPath, cudaOptions);
                Provider = $"CUDA:{options.CudaDeviceId}";
                return session;
            }
            catch (OnnxRuntimeException ex)
            {
                _cudaFailed = true;
                LogCudaUnavailable(_logger, options.CudaDeviceId, ex.Message.Split('\n')[0]);
            }
            finally
            {
                cudaOptions.Dispose();
            }
        }

        using var cpuOptions = CreateOptions();
        Provider = "CPU";
        return new InferenceSession(modelPath, cpuOptions);
    }

    // ONNX Runtime logs its own red error line when the CUDA provider library fails to load; this class says it
    // once, with what to do, so the environment only reports fatal errors (all others surface as exceptions).
    private static ILogger LoggerOrNull(ILogger? logger)
    {
        var options = new EnvironmentCreationOptions { logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, logId = "gsam" };
        try
        {
            OrtEnv.CreateInstanceWithOptions(ref options);
        }
        catch (OnnxRuntimeException)
        {
            // The process-wide environment exists already (an earlier factory made it); it keeps its settings.
        }

        return logger ?? NullLogger<OnnxSessionFactory>.Instance;
    }

    private SessionOptions CreateOptions() => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        IntraOpNumThreads = options.IntraOpThreads,
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
    };

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "CUDA device {DeviceId} is not usable ({Reason}); running the models on CPU. Install CUDA 13 and cuDNN 9 for GPU inference.")]
    private static partial void LogCudaUnavailable(ILogger logger, int deviceId, string reason);
}
