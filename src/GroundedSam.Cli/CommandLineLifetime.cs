using Microsoft.Extensions.Hosting;

namespace GroundedSam.Cli;

/// <summary>
/// The lifetime of the short-lived hosts inside a command (<c>run</c>, <c>submit</c>, <c>results</c>): the command
/// starts and stops them itself. The default console lifetime would take Ctrl-C and SIGTERM for the host, so the
/// command's own cancellation never fired and <c>gsam run</c> could not be stopped.
/// </summary>
internal sealed class CommandLineLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
