using GroundedSam.Pipeline.Merging;
using GroundedSam.ServiceDefaults;

// The CPU worker: unions each job's instance masks into the inpainting mask and announces InpaintReady.
var builder = WebApplication.CreateBuilder(args);
builder.AddWorkerDefaults().AddMaskMergeWorker();
return WorkerHost.Run(builder);
