using GroundedSam.Pipeline.Delivery;
using GroundedSam.Contracts;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Inference;
using Microsoft.ML.OnnxRuntime;

namespace GroundedSam.Segmentation;

/// <summary>
/// One photo through the models, with the GPU stage behind the <see cref="GpuGate"/>: decoding and preprocessing
/// run on the thread pool before the gate, upsampling after it, so a worker holding several jobs keeps the GPU busy
/// with one while it prepares the next. Everything here is computation on bytes already in memory, so whatever it
/// throws would be thrown again on a retry: it becomes <see cref="JobRejectedException"/>, with the reason named
/// where it is known (bad prompt, bad photo, model failure) and <see cref="FailureReason.ProcessingFailed"/> where a
/// defect or a decoder's surprise is to blame. One photo can then never stall or crash its batch.
/// </summary>
public sealed class GatedInference(PhotoInference segmenter, GpuGate gate, ModelIdentity models)
{
    public ModelIdentity Models => models;


    public async Task<InferenceOutcome> RunAsync(byte[] photo, SegmentationRequest request, CancellationToken cancellationToken)
    {
        var prepared = await Task.Run(() => Permanent(() => segmenter.Prepare(photo, request)), cancellationToken);
        try
        {
            var queued = TimeSpan.Zero;
            using var output = await gate.RunAsync(() => Permanent(() => segmenter.Infer(prepared)), waited => queued = waited, cancellationToken);
            var result = await Task.Run(() => Permanent(() => PhotoInference.Complete(prepared, output)), cancellationToken);
            return new InferenceOutcome(prepared, result, queued);
        }
        catch
        {
            prepared.Dispose();
            throw;
        }
    }

    /// <summary>Runs CPU work on in-memory data; every failure but cancellation and exhausted memory is permanent.</summary>
    public static T Permanent<T>(Func<T> work)
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
        catch (Exception ex) when (ex is not (JobRejectedException or OperationCanceledException or OutOfMemoryException))
        {
            throw new JobRejectedException(FailureReason.ProcessingFailed,
                $"Processing the photo failed ({ex.GetType().Name}: {ex.Message}). This is a defect, not the photo's fault alone: report it with the photo.", ex);
        }
    }
}
