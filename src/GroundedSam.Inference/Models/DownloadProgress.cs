namespace GroundedSam.Inference.Models;

/// <summary>How far one file's download has come. <see cref="Resumed"/> bytes were on disk before this run.</summary>
public readonly record struct DownloadProgress(string File, long Received, long Total, long Resumed);
