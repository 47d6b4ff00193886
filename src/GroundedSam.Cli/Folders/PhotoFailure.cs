using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Pipeline.Delivery;
using Microsoft.ML.OnnxRuntime;

namespace GroundedSam.Cli.Folders;

/// <summary>
/// One line that says why a photo failed and what to do. Anything a photo can throw lands here, so one photo's
/// failure, even a bug of ours or of a decoder, never ends the run for the others.
/// </summary>
internal static class PhotoFailure
{
    public static string Describe(Exception ex) => TerminalText.Safe(ex switch
    {
        // A job's own refusal: a photo's problem in the decoder's words, anything else by its failure reason.
        JobRejectedException { InnerException: ImageRejectedException rejected } => $"{rejected.Problem}: {rejected.Message}",
        JobRejectedException { InnerException: InvalidPromptException prompt } => $"InvalidPrompt: {prompt.Message}",
        JobRejectedException rejected => $"{rejected.Reason}: {rejected.Message}",
        ImageRejectedException rejected => $"{rejected.Problem}: {rejected.Message}",
        InvalidPromptException prompt => $"InvalidPrompt: {prompt.Message}",
        OutputConflictException conflict => $"not written: {conflict.Message}",
        IOException io => $"cannot read or write: {io.Message}",
        UnauthorizedAccessException denied => $"permission denied: {denied.Message}",
        OnnxRuntimeException model => $"the model failed on this photo: {model.Message}",
        _ => $"internal error ({ex.GetType().Name}: {ex.Message}); the photo was skipped. Please report it with the photo.",
    });
}
