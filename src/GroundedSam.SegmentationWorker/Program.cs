using GroundedSam.Segmentation;
using GroundedSam.ServiceDefaults;

// The GPU worker: one process per GPU, any number of nodes, all consuming the segment-image queue.
var builder = WebApplication.CreateBuilder(args);
builder.AddWorkerDefaults().AddSegmentationWorker();
return WorkerHost.Run(builder);
