namespace GroundedSam.Cli;

/// <summary>Process exit codes of <c>gsam</c>.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Some photos (or files) failed; the rest were processed.</summary>
    public const int SomeFailed = 1;

    /// <summary>Nothing could start: bad arguments, missing models, a model file that does not fit.</summary>
    public const int Unusable = 2;

    /// <summary>Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
