using System.Text;
using Spectre.Console;

namespace GroundedSam.Testing;

/// <summary>
/// Console output captured as text that a test can read while a command still writes it from other threads
/// (a plain <see cref="StringWriter"/> is not safe for that).
/// </summary>
public sealed class ConsoleCapture : StringWriter
{
    private readonly Lock _gate = new();

    public override void Write(char value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            base.Write(buffer, index, count);
        }
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (_gate)
        {
            base.Write(buffer);
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return base.ToString();
        }
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; false if <paramref name="deadline"/> passes first.</summary>
    public async Task<bool> WaitForAsync(string text, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        while (!ToString().Contains(text, StringComparison.Ordinal))
        {
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>A console as a command sees it in a log: no colours, no animation, wide lines, written here.</summary>
    public IAnsiConsole AsConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(this),
        });
        console.Profile.Width = 400;
        return console;
    }
}
