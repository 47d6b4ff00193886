using GroundedSam.Cli.Folders;
using GroundedSam.Storage;

namespace GroundedSam.Cli.Batches;

/// <summary>
/// Each photo's name in the object store under its batch's prefix, unique within the batch: its relative path where
/// that is a valid key (so a bucket browser shows the folder the user submitted), else its output name with its
/// extension (a path with control characters or <c>..</c> parts is not a valid key), with <c>~2</c>, … on a clash.
/// </summary>
internal static class UploadNames
{
    public static IReadOnlyList<string> Assign(IReadOnlyList<PhotoFile> photos)
    {
        var names = new string[photos.Count];
        var used = new HashSet<string>(StringComparer.Ordinal);
        var fallback = new List<int>();
        for (var i = 0; i < photos.Count; i++)
        {
            if (StorageLayout.IsValidKey(photos[i].RelativePath) && used.Add(photos[i].RelativePath))
            {
                names[i] = photos[i].RelativePath;
            }
            else
            {
                fallback.Add(i);
            }
        }

        foreach (var i in fallback)
        {
            var extension = Path.GetExtension(photos[i].Path).ToLowerInvariant();
            var name = photos[i].OutputName + extension;
            for (var n = 2; !used.Add(name); n++)
            {
                name = $"{photos[i].OutputName}~{n}{extension}";
            }

            names[i] = name;
        }

        return names;
    }
}
