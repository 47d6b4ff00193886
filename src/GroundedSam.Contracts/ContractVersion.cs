namespace GroundedSam.Contracts;

/// <summary>
/// The version of the published contract: the message records, their JSON Schemas (<c>docs/schemas</c>) and the
/// AsyncAPI document (<c>docs/asyncapi.yaml</c>, its <c>info.version</c>). Semantic versioning with one twist: the
/// major never changes. An additive change (a new optional field, a new enum name, a new message) bumps the minor
/// and keeps every type name; a breaking change is a new record with a new name (<c>SegmentImage2</c>), hence a new
/// exchange and a new <c>messageType</c> URN, so a consumer never receives a message it cannot read. A consumer tells
/// what it got from the <c>messageType</c> URN (or the exchange) and ignores fields it does not know.
/// </summary>
public static class ContractVersion
{
    /// <summary>The current contract version; in every schema's <c>$id</c> (see <see cref="ContractSchemas.Id"/>).</summary>
    public const string Current = "1.0.0";
}
