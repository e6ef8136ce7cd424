using System.Numerics;
using Livepeer.Protocol;
using Microsoft.Data.Sqlite;

namespace Livepeer.Payments.Tests.Redemption;

internal sealed class WinningTicketStoreTests
{
    private string _directory = null!;

    private string DatabasePath => Path.Combine(_directory, "tickets.db");

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("livepeer-store-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    internal static async Task<SignedTicket> TicketAsync(BigInteger nonce, ulong round = 7)
    {
        using var signer = PrivateKeySigner.Generate();
        var ticket = new Ticket(
            EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
            signer.Address,
            Wei.FromEther(0.0123m),
            BigInteger.Pow(2, 255) + 17,
            nonce,
            Ticket.HashRecipientRand(123456789),
            Ticket.CreateAuxData(round, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()));
        var signature = await Eip191.SignMessageAsync(signer, ticket.ComputeHash());
        return new SignedTicket(ticket, signature, 123456789, 4242);
    }

    [Test]
    public async Task StoreAsync_ThenReopen_ReadsBackEveryField()
    {
        var ticket = await TicketAsync(5);
        using (var store = WinningTicketStore.Open(DatabasePath))
        {
            Assert.That(await store.StoreAsync(ticket), Is.True);
        }

        using var reopened = WinningTicketStore.Open(DatabasePath);
        var stored = (await reopened.SelectOpenAsync(10)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(stored.Ticket.Ticket, Is.EqualTo(ticket.Ticket));
            Assert.That(stored.Ticket.Signature, Is.EqualTo(ticket.Signature));
            Assert.That(stored.Ticket.RecipientRand, Is.EqualTo(ticket.RecipientRand));
            Assert.That(stored.Ticket.ParamsExpirationBlock, Is.EqualTo(4242));
            Assert.That(stored.Ticket.CreationRound, Is.EqualTo(7));
            Assert.That(stored.Hash, Is.EqualTo(ticket.Ticket.ComputeHash()));
            Assert.That(stored.Status, Is.EqualTo(StoredTicketStatus.Pending));
            Assert.That(stored.Attempts, Is.Zero);
        });
    }

    [Test]
    public async Task StoreAsync_SameTicketTwice_KeepsOneRow()
    {
        using var store = WinningTicketStore.Open(DatabasePath);
        var ticket = await TicketAsync(5);

        var first = await store.StoreAsync(ticket);
        var second = await store.StoreAsync(ticket);

        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.True);
            Assert.That(second, Is.False);
            Assert.That(await store.CountOpenAsync(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Open_NewDatabase_UsesWalAndTheSchemaVersion()
    {
        using (WinningTicketStore.Open(DatabasePath))
        {
        }

        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        var mode = command.ExecuteScalar();
        command.CommandText = "PRAGMA user_version;";
        var version = command.ExecuteScalar();

        Assert.Multiple(() =>
        {
            Assert.That(mode, Is.EqualTo("wal"));
            Assert.That(version, Is.EqualTo(WinningTicketStore.SchemaVersion));
        });
    }

    [Test]
    public async Task MarkMethods_StatusesAndAttempts_AreKept()
    {
        using var store = WinningTicketStore.Open(DatabasePath);
        var a = await TicketAsync(1);
        var b = await TicketAsync(2);
        var c = await TicketAsync(3);
        foreach (var t in new[] { a, b, c })
        {
            await store.StoreAsync(t);
        }
        byte[] Hash(SignedTicket t) => t.Ticket.ComputeHash();

        await store.MarkSendingAsync([Hash(a), Hash(b), Hash(c)]);
        await store.MarkRedeemedAsync([Hash(a)], "0xabc", null);
        await store.MarkFailedAsync([Hash(b)], "ticket is expired");
        await store.RecordRetryAsync([Hash(c)], "connection refused", mayHaveBeenSent: true);

        var open = await store.SelectOpenAsync(10);
        var all = (await store.SelectAllAsync()).ToDictionary(t => t.HashHex);
        Assert.Multiple(() =>
        {
            Assert.That(open.Select(t => t.HashHex), Is.EqualTo(new[] { Hex.Encode(Hash(c)) }));
            Assert.That(all[Hex.Encode(Hash(a))].Status, Is.EqualTo(StoredTicketStatus.Redeemed));
            Assert.That(all[Hex.Encode(Hash(a))].TransactionHash, Is.EqualTo("0xabc"));
            Assert.That(all[Hex.Encode(Hash(b))].Status, Is.EqualTo(StoredTicketStatus.Failed));
            Assert.That(all[Hex.Encode(Hash(b))].LastError, Is.EqualTo("ticket is expired"));
            Assert.That(all[Hex.Encode(Hash(c))].Status, Is.EqualTo(StoredTicketStatus.Sending), "an uncertain send keeps its marker");
            Assert.That(all[Hex.Encode(Hash(c))].Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public void Open_GarbageFile_ThrowsStoreCorruptAndLeavesTheFileAlone()
    {
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 31 % 251)).ToArray();
        File.WriteAllBytes(DatabasePath, garbage);

        var ex = Assert.Throws<PaymentException>(() => WinningTicketStore.Open(DatabasePath));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ErrorCode, Is.EqualTo(PaymentErrorCode.StoreCorrupt));
            Assert.That(ex.Message, Does.Contain(DatabasePath).And.Contain("left untouched"));
            Assert.That(File.ReadAllBytes(DatabasePath), Is.EqualTo(garbage), "the file is not rewritten");
            Assert.That(Directory.GetFiles(_directory), Is.EqualTo(new[] { DatabasePath }), "nothing renamed or added");
        });
    }

    [Test]
    public async Task Open_DamagedPages_ThrowsStoreCorruptAndLeavesTheFileAlone()
    {
        using (var store = WinningTicketStore.Open(DatabasePath))
        {
            for (var i = 0; i < 50; i++)
            {
                await store.StoreAsync(await TicketAsync(i));
            }
        }
        // Checkpoint the WAL into the main file, then overwrite the pages after the header.
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }
        var bytes = File.ReadAllBytes(DatabasePath);
        for (var i = 4096; i < bytes.Length; i++)
        {
            bytes[i] = 0x5a;
        }
        File.WriteAllBytes(DatabasePath, bytes);

        var ex = Assert.Throws<PaymentException>(() => WinningTicketStore.Open(DatabasePath));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ErrorCode, Is.EqualTo(PaymentErrorCode.StoreCorrupt));
            Assert.That(File.ReadAllBytes(DatabasePath), Is.EqualTo(bytes));
        });
    }

    [Test]
    public void Open_NewerSchemaVersion_ThrowsStoreUnavailable()
    {
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<PaymentException>(() => WinningTicketStore.Open(DatabasePath));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ErrorCode, Is.EqualTo(PaymentErrorCode.StoreUnavailable));
            Assert.That(ex.Message, Does.Contain("schema version 99"));
        });
    }
}
