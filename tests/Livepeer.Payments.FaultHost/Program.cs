using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Livepeer.Payments;
using Livepeer.Protocol;

// The child process of the payments crash tests. It is killed with SIGKILL at the point the test chooses, then
// started again on the same database; what it prints on stdout tells the test where it is.
//
//   store  <db> <rpc> <controller> <chainId> <recipientKey> <senderKey> <count>  stores <count> due winning tickets, prints READY, then waits to be killed
//   redeem <db> <rpc> <controller> <chainId> <recipientKey>                       redeems what is stored, prints DONE when nothing is left, and exits 0
if (args.Length < 6)
{
    Console.Error.WriteLine("usage: store|redeem <db> <rpc> <controller> <chainId> <recipientKey> [<senderKey> <count>]");
    return 2;
}
var stage = args[0];
var databasePath = args[1];
var rpcUri = new Uri(args[2]);
var network = LivepeerNetwork.Custom(EthAddress.Parse(args[3]), ulong.Parse(args[4], CultureInfo.InvariantCulture), name: "fault-devnet");
using var recipientKey = PrivateKeySigner.FromHex(args[5]);
var limit = TimeSpan.FromSeconds(60);
using var rpc = EthereumRpcClient.Create(rpcUri);
var sender = new TransactionSender(rpc, recipientKey, new TransactionSenderOptions
{
    ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
    ReceiptTimeout = limit,
});
var protocol = await LivepeerProtocolClient.ConnectAsync(rpc, network, sender);
var options = new TicketRedemptionOptions
{
    DatabasePath = databasePath,
    PollInterval = TimeSpan.FromMilliseconds(100),
    RedeemGas = TicketRedemptionOptions.L1RedeemGas,
};
await using var redeemer = await LocalTicketRedeemer.CreateAsync(protocol, options);

switch (stage)
{
    case "store":
    {
        using var senderKey = PrivateKeySigner.FromHex(args[6]);
        var count = int.Parse(args[7], CultureInfo.InvariantCulture);
        var round = await protocol.RoundsManager.GetLastInitializedRoundAsync();
        var blockHash = await protocol.RoundsManager.GetBlockHashForRoundAsync(round);
        var head = await rpc.GetBlockNumberAsync();
        for (var nonce = 1; nonce <= count; nonce++)
        {
            var recipientRand = new BigInteger(RandomNumberGenerator.GetBytes(31), isUnsigned: true, isBigEndian: true);
            var ticket = new Ticket(
                recipientKey.Address,
                senderKey.Address,
                Wei.FromEther(0.01m),
                BigInteger.Pow(2, 256) - 1,
                nonce,
                Ticket.HashRecipientRand(recipientRand),
                Ticket.CreateAuxData(round, blockHash));
            var signature = await Eip191.SignMessageAsync(senderKey, ticket.ComputeHash());
            await redeemer.QueueTicketAsync(new SignedTicket(ticket, signature, recipientRand, head));
            Console.WriteLine($"STORED {Hex.Encode(ticket.ComputeHash())}");
        }
        Console.WriteLine("READY");
        // Nothing was started, so nothing is redeemed: the test kills this process here.
        await Task.Delay(limit);
        return 3;
    }
    case "redeem":
    {
        await redeemer.StartAsync();
        Console.WriteLine("RUNNING");
        var deadline = DateTime.UtcNow + limit;
        while (await redeemer.CountUnredeemedAsync() > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                Console.WriteLine("TIMEOUT");
                return 4;
            }
            await Task.Delay(50);
        }
        Console.WriteLine("DONE");
        return 0;
    }
    default:
        Console.Error.WriteLine($"unknown stage '{stage}'");
        return 2;
}
