using GroundedSam.Pipeline.Hosting;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GroundedSam.ServiceDefaults;

/// <summary>
/// Runs a worker host and turns the ways it cannot start into one clear line on stderr and an exit code a process
/// supervisor can act on: bad settings name the environment variable a user sets (<c>Storage__AccessKey</c>), not
/// a C# member; a broker that never answered says where it was looked for.
/// </summary>
public static class WorkerHost
{
    /// <summary>Settings missing or out of range (sysexits EX_CONFIG).</summary>
    public const int ConfigurationError = 78;

    /// <summary>The broker did not answer within <c>RabbitMq:ConnectTimeoutSeconds</c> (sysexits EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;

    /// <summary>Builds the host, maps the health endpoints and runs until stopped; returns the process exit code.</summary>
    public static int Run(WebApplicationBuilder builder)
    {
        WebApplication? app = null;
        try
        {
            app = builder.Build();

            // The checks the host would run at start, run first: a bad setting then stops the worker with our message
            // alone, not after the host has logged it with a stack trace.
            app.Services.GetService<IStartupValidator>()?.Validate();
            app.MapWorkerEndpoints();
            app.Run();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine("The worker cannot start; fix these settings (environment variable or appsettings.json):");
            foreach (var line in SettingErrors.Describe(ex))
            {
                Console.Error.WriteLine($"  {line}");
            }

            return ConfigurationError;
        }
        catch (Exception ex) when (app is not null && ex is OperationCanceledException or TimeoutException or RabbitMqConnectionException)
        {
            var broker = app!.Services.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
            Console.Error.WriteLine($"The worker cannot start: RabbitMQ at {Storage.EndpointText.Redact(broker.Host)}:{broker.Port} (vhost {broker.VirtualHost}) " +
                $"did not answer within {broker.ConnectTimeoutSeconds} s ({ex.GetType().Name}). Start it, or point RabbitMq__Host, RabbitMq__Port, RabbitMq__Username and RabbitMq__Password at it.");
            return Unavailable;
        }
    }
}
