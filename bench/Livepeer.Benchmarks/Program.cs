using BenchmarkDotNet.Running;

if (args is ["transcoding-realtime", .. var rest])
{
    return await Livepeer.Benchmarks.Transcoding.RealTimeTranscodingBench.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Livepeer.Benchmarks.Crypto.KeccakBenchmarks).Assembly).Run(args);
return 0;
