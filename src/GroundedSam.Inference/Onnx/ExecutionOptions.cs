using System.ComponentModel.DataAnnotations;

namespace GroundedSam.Inference.Onnx;

/// <summary>Where the models run.</summary>
public sealed class ExecutionOptions
{
    /// <summary>Try the CUDA execution provider first (default true); without a usable CUDA 13 + cuDNN 9, CPU.</summary>
    public bool PreferCuda { get; set; } = true;

    /// <summary>CUDA device ordinal (default 0): one worker process per GPU.</summary>
    [Range(0, 64)]
    public int CudaDeviceId { get; set; }

    /// <summary>Threads ONNX Runtime may use inside one operator on CPU; 0 lets it choose (one per core).</summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }
}
