using System.Diagnostics;

namespace Needle.Core.Ledger;

/// <summary>
/// Opens the ledger under an OS file lock. .NET maps FileShare.None to an exclusive and FileShare.Read to a
/// shared flock on Unix (a sharing violation on Windows), both non-blocking, so contention is retried with a
/// short randomised back-off until a deadline. Writers hold the exclusive lock for one append; readers take
/// the shared lock, so a reader never sees half of a line being written.
/// </summary>
internal static class LockedFile
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        IOException? last = null;
        while (true)
        {
            try
            {
                return new FileStream(path, mode, access, share, bufferSize: 1, FileOptions.None);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException
                                          and not PathTooLongException && IsLockContention(e))
            {
                last = e;
            }
            if (clock.Elapsed > timeout)
                throw new LedgerIoException(
                    $"{path}: could not lock the ledger within {timeout.TotalSeconds:0} s (another needle process holds it?): {last?.Message}", last);
            // Back-off only while another process holds the lock; randomised so contenders do not move in step.
            Thread.Sleep(Random.Shared.Next(1, 6));
        }
    }

    // A held lock surfaces as a sharing violation (Windows HRESULT 0x20) or EWOULDBLOCK (Unix, same HRESULT
    // family); anything else (disk full, permissions) is a real error and must not be retried.
    private static bool IsLockContention(IOException e) =>
        (e.HResult & 0xFFFF) is 0x20 or 0x21 || e.Message.Contains("being used by another process", StringComparison.OrdinalIgnoreCase);
}
