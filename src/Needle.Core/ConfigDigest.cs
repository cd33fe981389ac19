using System.Security.Cryptography;
using System.Text;

namespace Needle.Core;

/// <summary>
/// The one hash of a training configuration: SHA-256 of its canonical JSON text (the trainer's compact
/// serialisation, UTF-8), lowercase hex. <c>needle train --json</c> prints it as config_sha256, a ledger row
/// carries it, and a row's <c>config</c> object (re-serialised byte-identically by the ledger) must hash to it.
/// </summary>
public static class ConfigDigest
{
    public static string Sha256(string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));
}
