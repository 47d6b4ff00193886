namespace GroundedSam.Inference.Tests.TestSupport;

/// <summary>
/// Tests that count this thread's allocations around a call into pooled buffers: run alone, so that no other test
/// takes the pool's arrays between the measured call's return and rent and makes it allocate.
/// </summary>
[CollectionDefinition(nameof(AllocationMeasurements), DisableParallelization = true)]
public sealed class AllocationMeasurements;
