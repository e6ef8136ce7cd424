using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace Livepeer.Benchmarks.Payments;

/// <summary>
/// The CPU time this process has used, from <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c>, in nanoseconds. On a
/// machine shared with other builds, wall time counts the time the benchmark waits for a core; CPU time counts
/// only the work, so a figure and the floor it is compared with are measured alike however busy the machine is.
/// It includes the runtime's own threads (garbage collection), which are part of the cost of a ticket.
/// </summary>
internal sealed partial class ProcessCpuClock : IClock
{
    private const int ClockProcessCpuTimeId = 2;

    public static readonly ProcessCpuClock Instance = new();

    public string Title => "Process CPU time";

    public bool IsAvailable => OperatingSystem.IsLinux() && TryRead(out _);

    public Frequency Frequency => Frequency.GHz;

    public long GetTimestamp() => TryRead(out var nanoseconds)
        ? nanoseconds
        : throw new InvalidOperationException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed.");

    private static bool TryRead(out long nanoseconds)
    {
        if (ClockGetTime(ClockProcessCpuTimeId, out var time) != 0)
        {
            nanoseconds = 0;
            return false;
        }
        nanoseconds = (time.Seconds * 1_000_000_000) + time.Nanoseconds;
        return true;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);
}
