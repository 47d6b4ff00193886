using GroundedSam.Pipeline.Hosting;

// The GPU worker: one process per GPU, any number of nodes, all consuming the segment-image queue.
var builder = WebApplication.CreateBuilder(args);
builder.AddSegmentationWorker().AddWorkerDefaults();

var app = builder.Build();
app.MapWorkerHealthChecks();
app.Run();
