using System.Diagnostics;

namespace Livepeer.Network.Tests.Codecs;

/// <summary>Random and mutated header values must decode or fail with a <see cref="NetworkException"/>, never anything else.</summary>
[Category("Fuzz")]
public sealed class HeaderFuzzTests
{
    private const int Iterations = 3000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    [Test]
    public void Decode_RandomBytes_OnlyNetworkExceptions()
    {
        var random = new Random(20240601);
        var outcomes = Run(random, () =>
        {
            var bytes = new byte[random.Next(0, 512)];
            random.NextBytes(bytes);
            return Convert.ToBase64String(bytes);
        });
        Assert.That(outcomes.Failures, Is.GreaterThan(0), "random protobuf is mostly malformed");
    }

    [Test]
    public void Decode_MutatedValidHeaders_OnlyNetworkExceptions()
    {
        var random = new Random(7);
        var segment = Convert.FromBase64String(SegmentHeader.Encode(HeaderCodecTests.FullSegment()));
        var payment = Convert.FromBase64String(PaymentHeader.Encode(HeaderCodecTests.FullPayment(4)));
        var outcomes = Run(random, () =>
        {
            var bytes = (random.Next(2) == 0 ? segment : payment).ToArray();
            var mutations = random.Next(1, 6);
            for (var i = 0; i < mutations; i++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            return Convert.ToBase64String(bytes[..random.Next(bytes.Length + 1)]);
        });
        Assert.That(outcomes.Successes + outcomes.Failures, Is.EqualTo(2 * outcomes.Iterations));
    }

    [Test]
    public void Decode_RandomText_OnlyNetworkExceptions()
    {
        var random = new Random(99);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ %\u00e9";
        var outcomes = Run(random, () => new string(Enumerable.Range(0, random.Next(0, 200)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()));
        Assert.That(outcomes.Failures, Is.GreaterThan(0));
    }

    private static (int Iterations, int Successes, int Failures) Run(Random random, Func<string> next)
    {
        var clock = Stopwatch.StartNew();
        int iterations = 0, successes = 0, failures = 0;
        for (; iterations < Iterations && clock.Elapsed < Budget; iterations++)
        {
            var value = next();
            foreach (var decode in new Func<string, object>[] { SegmentHeader.Decode, PaymentHeader.Decode })
            {
                try
                {
                    _ = decode(value);
                    successes++;
                }
                catch (NetworkException)
                {
                    failures++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"Header '{value}' threw {e.GetType().Name}: {e.Message}");
                }
            }
        }

        _ = random;
        return (iterations, successes, failures);
    }
}
