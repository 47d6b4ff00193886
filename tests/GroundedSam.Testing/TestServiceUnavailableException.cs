namespace GroundedSam.Testing;

/// <summary>An integration test needs a service that is neither configured nor startable: the test fails, never skips.</summary>
public sealed class TestServiceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
