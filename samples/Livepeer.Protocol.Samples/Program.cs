using Livepeer.Protocol.Samples;

if (args is ["devnet"])
{
    await ProtocolExamples.DevnetAsync();
    return 0;
}
Console.Error.WriteLine("usage: Livepeer.Protocol.Samples devnet");
return 2;
