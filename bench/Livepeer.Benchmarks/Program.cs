using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Livepeer.Benchmarks.Crypto.KeccakBenchmarks).Assembly).Run(args);
