using GroundedSam.Contracts;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Inference;
using GroundedSam.Inference.Sam2;
using GroundedSam.Pipeline.Hosting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GroundedSam.Segmentation;

/// <summary>The segmentation stage's wiring: its engine and options, its consumer, and the GPU worker that runs it.</summary>
public static class SegmentationRegistration
{
    /// <summary>
    /// Grounding DINO and SAM 2 from section <c>Models</c> on the device of section <c>Execution</c>, behind one
    /// GPU gate. A detector or segmenter registered before this call is used instead (tests, benchmarks).
    /// </summary>
    public static IServiceCollection AddSegmentationStage(this IServiceCollection services)
    {
        services.AddOptions<SegmentationOptions>().BindConfiguration(SegmentationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExecutionOptions>().BindConfiguration("Execution").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ModelsOptions>().BindConfiguration(ModelsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddStageEssentials();
        services.TryAddSingleton(sp => new OnnxSessionFactory(sp.GetRequiredService<IOptions<ExecutionOptions>>().Value,
            sp.GetRequiredService<ILogger<OnnxSessionFactory>>()));
        services.TryAddSingleton(sp => ModelSet.Open(new ModelPaths(sp.GetRequiredService<IOptions<ModelsOptions>>().Value.Folder),
            sp.GetRequiredService<OnnxSessionFactory>()));
        services.TryAddSingleton<IDetector>(sp => sp.GetRequiredService<ModelSet>().Detector);
        services.TryAddSingleton<ISegmenter>(sp => sp.GetRequiredService<ModelSet>().Segmenter);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SegmentationOptions>>().Value;
            return new PhotoDecoder(new ImageLimits { MaxBytes = options.MaxImageBytes, MaxPixels = options.MaxPixels });
        });
        services.TryAddSingleton<GpuGate>();
        services.TryAddSingleton(sp =>
        {
            var detector = sp.GetRequiredService<IDetector>();
            var segmenter = sp.GetRequiredService<ISegmenter>();
            var identity = new ModelIdentity
            {
                Detector = detector is GroundingDinoDetector ? "grounding-dino-tiny" : detector.GetType().Name,
                Segmenter = segmenter is Sam2Segmenter ? "sam2.1-hiera-tiny" : segmenter.GetType().Name,
                Device = sp.GetRequiredService<OnnxSessionFactory>().Provider,
            };
            return new GatedInference(new PhotoInference(detector, segmenter, sp.GetRequiredService<PhotoDecoder>()), sp.GetRequiredService<GpuGate>(), identity);
        });
        services.TryAddSingleton<SegmentationJob>();
        services.AddHostedService<ModelWarmup>();
        return services;
    }

    public static void AddSegmentationConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<SegmentImageConsumer, SegmentImageConsumerDefinition>();

    /// <summary>The GPU worker: the segmentation stage on RabbitMQ and S3.</summary>
    public static IHostApplicationBuilder AddSegmentationWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<ModelsOptions>, ModelsOptionsValidation>();
        return builder.AddStageWorker(services => services.AddSegmentationStage(), bus => bus.AddSegmentationConsumer());
    }
}
