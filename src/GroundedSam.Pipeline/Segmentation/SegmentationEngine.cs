using System.Diagnostics;
using GroundedSam.Contracts;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Inference.Pipeline;
using Microsoft.ML.OnnxRuntime;

namespace GroundedSam.Pipeline.Segmentation;

/// <summary>
/// One photo through the models, with the GPU stage behind the <see cref="GpuGate"/>: decoding and preprocessing
/// run on the thread pool before the gate, upsampling after it, so a worker holding several jobs keeps the GPU busy
/// with one while it prepares the next. Bad input becomes <see cref="JobRejectedException"/>.
/// </summary>
public sealed class SegmentationEngine(GroundedSegmenter segmenter, GpuGate gate, ModelIdentity models)
{
    public ModelIdentity Models => models;

    public PhotoDecoder Decoder => segmenter.Decoder;

    public async Task<EngineResult> RunAsync(byte[] photo, SegmentationRequest request, CancellationToken cancellationToken)
    {
        var prepared = await Task.Run(() => Reject(() => segmenter.Prepare(photo, request)), cancellationToken);
        try
        {
            var waiting = Stopwatch.StartNew();
            var queued = TimeSpan.Zero;
            var output = await gate.RunAsync(
                () =>
                {
                    queued = waiting.Elapsed;
                    return Reject(() => segmenter.Infer(prepared));
                },
                cancellationToken);
            var result = await Task.Run(() => GroundedSegmenter.Complete(prepared, output), cancellationToken);
            return new EngineResult(prepared, result, queued);
        }
        catch
        {
            prepared.Dispose();
            throw;
        }
    }

    private static T Reject<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (InvalidPromptException ex)
        {
            throw new JobRejectedException(FailureReason.InvalidPrompt, ex.Message, ex);
        }
        catch (ImageRejectedException ex)
        {
            var reason = ex.Problem switch
            {
                ImageProblem.TooLarge => FailureReason.ImageTooLarge,
                ImageProblem.UnsupportedFormat => FailureReason.UnsupportedFormat,
                _ => FailureReason.ImageUnreadable,
            };
            throw new JobRejectedException(reason, ex.Message, ex);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new JobRejectedException(FailureReason.ModelFailure, $"The model failed on this photo: {ex.Message}", ex);
        }
    }
}
