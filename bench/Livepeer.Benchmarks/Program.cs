using BenchmarkDotNet.Running;

if (args is ["transcoding-realtime", .. var rest])
{
    return await Livepeer.Benchmarks.Transcoding.RealTimeTranscodingBench.RunAsync(rest);
}

if (args is ["network", .. var networkArgs])
{
    return await Livepeer.Benchmarks.Network.NetworkBench.RunAsync(networkArgs);
}

if (args is ["gateway", .. var gatewayArgs])
{
    return await Livepeer.Benchmarks.Gateway.GatewayBench.RunAsync(gatewayArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(Livepeer.Benchmarks.Crypto.KeccakBenchmarks).Assembly).Run(args);
return 0;
