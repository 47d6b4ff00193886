namespace GroundedSam.Inference.Models;

/// <summary>How far one file's download has come: its target path, bytes so far, its size, and how many were on disk before this run.</summary>
public readonly record struct DownloadProgress(string File, long Received, long Total, long Resumed);
