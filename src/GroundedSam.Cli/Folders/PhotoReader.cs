using GroundedSam.Inference.Imaging;

namespace GroundedSam.Cli.Folders;

/// <summary>
/// Reads a photo from disk without trusting it: a file whose size is 0 is never opened (a FIFO would block the
/// reader forever, a device such as <c>/dev/zero</c> never ends, and an empty file holds no photo), a file over the
/// byte limit is refused from its size, and no read goes past the limit even if the file grows meanwhile.
/// Problems become <see cref="ImageRejectedException"/>, like every other bad photo.
/// </summary>
internal static class PhotoReader
{
    public static byte[] Read(string path, long maxBytes)
    {
        var info = Target(new FileInfo(path));
        if (!info.Exists)
        {
            throw new ImageRejectedException(ImageProblem.Unreadable, "The file no longer exists.");
        }

        if (info.Length == 0)
        {
            throw new ImageRejectedException(ImageProblem.Unreadable,
                "The file is empty, or is not a regular file (a FIFO, device or socket), so it was not read. Point gsam at the photo itself.");
        }

        if (info.Length > maxBytes)
        {
            throw new ImageRejectedException(ImageProblem.TooLarge, $"The file is {info.Length:N0} bytes; the limit is {maxBytes:N0}. Re-encode the photo smaller.");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new byte[info.Length];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                throw new ImageRejectedException(ImageProblem.Unreadable, $"The file shrank while it was read ({read:N0} of {info.Length:N0} bytes). Try again once it is written.");
            }

            read += n;
        }

        if (stream.ReadByte() >= 0)
        {
            throw new ImageRejectedException(ImageProblem.Unreadable, "The file grew while it was read. Try again once it is written.");
        }

        return buffer;
    }

    // A symbolic link is judged by what it finally points to; a loop or a dangling link is a named failure.
    private static FileInfo Target(FileInfo file)
    {
        if (file.LinkTarget is null)
        {
            return file;
        }

        FileSystemInfo? target;
        try
        {
            target = file.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException)
        {
            throw new ImageRejectedException(ImageProblem.Unreadable, "A symbolic link that loops (it points back at itself through other links).");
        }

        if (target is null || !File.Exists(target.FullName))
        {
            throw new ImageRejectedException(ImageProblem.Unreadable, $"A symbolic link to {TerminalText.Safe(file.LinkTarget)}, which is not a file.");
        }

        return new FileInfo(target.FullName);
    }
}
