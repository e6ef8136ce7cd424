using System.Diagnostics;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Fuzz;

/// <summary>Runs seeded cases against a parser and fails on any exception other than <see cref="EthereumFormatException"/>.</summary>
internal static class FuzzHarness
{
    public const int CasesPerTarget = 5_000;

    /// <summary>
    /// A hang detector, not a speed test: an input that makes a decoder loop or allocate without bound takes far
    /// longer than this even on a loaded machine, while a normal case takes microseconds.
    /// </summary>
    public static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(5);

    public static (int Cases, int Accepted) Run<TInput>(int seed, Func<Random, int, TInput> generate, Func<TInput, bool> target, Func<TInput, string> describe)
    {
        var random = new Random(seed);
        var total = Stopwatch.StartNew();
        var accepted = 0;
        var cases = 0;
        for (; cases < CasesPerTarget; cases++)
        {
            var input = generate(random, cases);
            var watch = Stopwatch.StartNew();
            try
            {
                if (target(input))
                {
                    accepted++;
                }
            }
            catch (EthereumFormatException)
            {
            }
            catch (Exception ex) when (ex is not AssertionException)
            {
                Assert.Fail($"Case {cases} (seed {seed}) threw {ex.GetType().Name}: {ex.Message}\nInput: {describe(input)}");
            }
            watch.Stop();
            if (watch.Elapsed > CaseLimit)
            {
                Assert.Fail($"Case {cases} (seed {seed}) took {watch.ElapsedMilliseconds} ms.\nInput: {describe(input)}");
            }
        }
        TestContext.Out.WriteLine($"seed {seed}: {cases} cases, {accepted} accepted, {total.ElapsedMilliseconds} ms");
        return (cases, accepted);
    }

    public static string Show(byte[] bytes) => bytes.Length <= 256 ? Hex.Encode(bytes) : Hex.Encode(bytes.AsSpan(0, 256)) + $"… ({bytes.Length} bytes)";

    public static byte[] RandomBytes(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(maxLength + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Flips, truncates, extends, or plants large length-like values in a valid input.</summary>
    public static byte[] Mutate(Random random, byte[] valid)
    {
        var bytes = valid.ToList();
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits; e++)
        {
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    {
                        // Drop one byte, then cut the tail at a random point.
                        bytes.RemoveAt(random.Next(bytes.Count));
                        var keep = random.Next(bytes.Count + 1);
                        bytes.RemoveRange(keep, bytes.Count - keep);
                        break;
                    }
                case 2:
                    bytes.InsertRange(random.Next(bytes.Count + 1), RandomBytes(random, 40));
                    break;
                case 3 when bytes.Count >= 32:
                    {
                        // A word-aligned huge value: an offset or length that claims far more than there is.
                        var at = random.Next(bytes.Count / 32) * 32;
                        var word = new byte[32];
                        var size = random.Next(4);
                        var fill = size switch { 0 => 32, 1 => 4, 2 => 8, _ => 1 };
                        for (var i = 32 - fill; i < 32; i++)
                        {
                            word[i] = 0xff;
                        }
                        if (size == 1)
                        {
                            word[28] = 0x7f;
                        }
                        for (var i = 0; i < 32; i++)
                        {
                            bytes[at + i] = word[i];
                        }
                        break;
                    }
                case 4 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 5 when bytes.Count >= 64:
                    {
                        // Repoint one word to another word's value: aliased offsets.
                        var from = random.Next(bytes.Count / 32) * 32;
                        var to = random.Next(bytes.Count / 32) * 32;
                        for (var i = 0; i < 32; i++)
                        {
                            bytes[to + i] = bytes[from + i];
                        }
                        break;
                    }
                default:
                    bytes.Add((byte)random.Next(256));
                    break;
            }
        }
        return [.. bytes];
    }
}
