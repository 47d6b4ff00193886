namespace GroundedSam.IntegrationTests;

/// <summary>The integration tests run one after another: they share two CPU cores, the broker and the S3 server.</summary>
[CollectionDefinition(nameof(RealServices), DisableParallelization = true)]
public sealed class RealServices;
