using GroundedSam.ServiceDefaults;
using GroundedSam.Segmentation;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Models;
using GroundedSam.PoisonWorker;

// The segmentation worker exactly as its Program.cs builds it, with one difference registered first: a photo of
// PoisonDetector.Size pixels kills the process, as a native crash in a decoder or a model would.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<IDetector>(services => new PoisonDetector(services.GetRequiredService<ModelSet>().Detector));
builder.AddWorkerDefaults().AddSegmentationWorker();
return WorkerHost.Run(builder);
