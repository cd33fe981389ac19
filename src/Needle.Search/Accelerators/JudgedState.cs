using Needle.Core.Vectors;

namespace Needle.Search.Accelerators;

/// <summary>
/// A vector's state straight from a verdict just computed (not yet an evidence file, so no evidence hash): enabled when
/// the pre-registered condition holds, disabled otherwise. Read the committed state with <see cref="VectorEvidence.Read"/>.
/// </summary>
public static class JudgedState
{
    public static VectorState Of(string vector, bool holds, string reason) =>
        new(vector, holds ? VectorSwitch.Enabled : VectorSwitch.Disabled, reason, null);
}
