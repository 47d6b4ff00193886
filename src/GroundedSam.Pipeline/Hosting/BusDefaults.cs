using MassTransit;
using Microsoft.Extensions.Configuration;

namespace GroundedSam.Pipeline.Hosting;

/// <summary>What every bus of gsam shares, workers, <c>gsam run</c>, <c>submit</c> and the tests alike.</summary>
public static class BusDefaults
{
    /// <summary>Setting that opts in to MassTransit's anonymous usage telemetry. Default false.</summary>
    public const string UsageTelemetrySetting = "MassTransit:UsageTelemetry";

    /// <summary>
    /// Kebab-case endpoint names, and no usage telemetry: MassTransit 8.4+ reports to its vendor after the bus starts
    /// unless told not to, and a fleet in a private network, or a user who never agreed, expects no outbound call.
    /// </summary>
    public static IBusRegistrationConfigurator AddGsamDefaults(this IBusRegistrationConfigurator bus, IConfiguration configuration)
    {
        bus.SetKebabCaseEndpointNameFormatter();
        var optIn = configuration.GetValue(UsageTelemetrySetting, defaultValue: false);
        bus.ConfigureUsageTelemetryOptions(options => options.Enabled = optIn);
        return bus;
    }
}
