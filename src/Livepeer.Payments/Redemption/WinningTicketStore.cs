using System.Globalization;
using System.Numerics;
using Livepeer.Protocol;
using Microsoft.Data.Sqlite;

namespace Livepeer.Payments;

/// <summary>Where a stored winning ticket is on its way to the chain.</summary>
internal enum StoredTicketStatus
{
    /// <summary>Waiting to be redeemed.</summary>
    Pending = 0,

    /// <summary>A redemption transaction may have been sent; the chain is asked before anything is sent again.</summary>
    Sending = 1,

    /// <summary>Redeemed on chain (by this store's owner or found already used there).</summary>
    Redeemed = 2,

    /// <summary>Can never be redeemed (expired, or a final contract error).</summary>
    Failed = 3,
}

/// <summary>A winning ticket as the store holds it.</summary>
internal sealed record StoredTicket(
    byte[] Hash,
    SignedTicket Ticket,
    DateTimeOffset CreatedAt,
    StoredTicketStatus Status,
    string? TransactionHash,
    int Attempts,
    string? LastError)
{
    public string HashHex => Hex.Encode(Hash);
}

/// <summary>
/// The durable store of winning tickets: SQLite in WAL mode with <c>synchronous=FULL</c>, so that a ticket whose
/// store call returned survives a crash or a power cut. A ticket is keyed by its hash and stored once.
/// </summary>
internal sealed class WinningTicketStore : IDisposable
{
    /// <summary>The schema this code writes, kept in <c>PRAGMA user_version</c>.</summary>
    public const int SchemaVersion = 1;

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private const string Columns =
        "ticket_hash, recipient, sender, face_value, win_prob, sender_nonce, recipient_rand_hash, aux_data, signature, recipient_rand, " +
        "params_expiration_block, creation_round, created_at, status, tx_hash, attempts, last_error";

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private bool _disposed;

    private WinningTicketStore(SqliteConnection connection, string path, TimeProvider time)
    {
        _connection = connection;
        Path = path;
        _time = time;
    }

    public string Path { get; }

    /// <summary>Opens (or creates) the store at <paramref name="path"/>.</summary>
    /// <exception cref="PaymentException">
    /// <see cref="PaymentErrorCode.StoreCorrupt"/> when the file is not a sound SQLite database (it is left as it is);
    /// <see cref="PaymentErrorCode.StoreUnavailable"/> when it cannot be opened or was written by a newer schema.
    /// </exception>
    public static WinningTicketStore Open(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Initialize(connection, full);
            return new WinningTicketStore(connection, full, timeProvider ?? TimeProvider.System);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            connection.Dispose();
            throw Corrupt(full, ex.Message, ex);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new PaymentException(PaymentErrorCode.StoreUnavailable, $"The winning-ticket database {full} could not be opened: {ex.Message}", isTransient: false, ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static PaymentException Corrupt(string path, string detail, Exception? inner = null)
        => new(PaymentErrorCode.StoreCorrupt,
            $"The winning-ticket database {path} is corrupt ({detail}). It was left untouched so that no ticket is lost: " +
            "restore it from a backup or recover it with the sqlite3 '.recover' command, or point the store at a new file.",
            isTransient: false,
            inner);

    private static void Initialize(SqliteConnection connection, string path)
    {
        var mode = Scalar(connection, "PRAGMA journal_mode=WAL;");
        if (!string.Equals(Convert.ToString(mode, CultureInfo.InvariantCulture), "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new PaymentException(PaymentErrorCode.StoreUnavailable, $"The winning-ticket database {path} could not be switched to WAL mode (it is in '{mode}' mode).");
        }
        Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
        var check = Convert.ToString(Scalar(connection, "PRAGMA quick_check;"), CultureInfo.InvariantCulture);
        if (!string.Equals(check, "ok", StringComparison.Ordinal))
        {
            throw Corrupt(path, $"quick_check: {check}");
        }
        var version = Convert.ToInt64(Scalar(connection, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new PaymentException(PaymentErrorCode.StoreUnavailable,
                $"The winning-ticket database {path} has schema version {version}; this version of Livepeer.Payments reads up to {SchemaVersion}. Upgrade the package.");
        }
        if (version == SchemaVersion)
        {
            return;
        }
        using var transaction = connection.BeginTransaction();
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS winning_tickets (
                ticket_hash BLOB PRIMARY KEY NOT NULL,
                recipient TEXT NOT NULL,
                sender TEXT NOT NULL,
                face_value TEXT NOT NULL,
                win_prob TEXT NOT NULL,
                sender_nonce TEXT NOT NULL,
                recipient_rand_hash BLOB NOT NULL,
                aux_data BLOB NOT NULL,
                signature BLOB NOT NULL,
                recipient_rand TEXT NOT NULL,
                params_expiration_block INTEGER NOT NULL,
                creation_round INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                status INTEGER NOT NULL,
                tx_hash TEXT,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                updated_at INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS winning_tickets_open ON winning_tickets (status, created_at);
            PRAGMA user_version = 1;
            """, transaction);
        transaction.Commit();
    }

    /// <summary>Stores a winning ticket and commits before returning. Returns false when it was already stored.</summary>
    public async Task<bool> StoreAsync(SignedTicket ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var t = ticket.Ticket;
        var hash = t.ComputeHash();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return await WithConnectionAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                INSERT INTO winning_tickets ({Columns}, updated_at)
                VALUES ($hash, $recipient, $sender, $face, $winProb, $nonce, $randHash, $aux, $sig, $rand, $expiration, $round, $created, 0, NULL, 0, NULL, $created)
                ON CONFLICT (ticket_hash) DO NOTHING;
                """;
            command.Parameters.AddWithValue("$hash", hash);
            command.Parameters.AddWithValue("$recipient", t.Recipient.ToString());
            command.Parameters.AddWithValue("$sender", t.Sender.ToString());
            command.Parameters.AddWithValue("$face", Text(t.FaceValue.Value));
            command.Parameters.AddWithValue("$winProb", Text(t.WinProb));
            command.Parameters.AddWithValue("$nonce", Text(t.SenderNonce));
            command.Parameters.AddWithValue("$randHash", t.RecipientRandHash ?? []);
            command.Parameters.AddWithValue("$aux", t.AuxData ?? []);
            command.Parameters.AddWithValue("$sig", ticket.Signature.ToArray());
            command.Parameters.AddWithValue("$rand", Text(ticket.RecipientRand));
            command.Parameters.AddWithValue("$expiration", checked((long)ticket.ParamsExpirationBlock));
            command.Parameters.AddWithValue("$round", checked((long)ticket.CreationRound));
            command.Parameters.AddWithValue("$created", now);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The tickets not yet redeemed nor failed, oldest first.</summary>
    public Task<IReadOnlyList<StoredTicket>> SelectOpenAsync(int limit, CancellationToken cancellationToken = default)
        => WithConnectionAsync<IReadOnlyList<StoredTicket>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM winning_tickets WHERE status IN (0, 1) ORDER BY created_at, rowid LIMIT $limit;";
            command.Parameters.AddWithValue("$limit", limit);
            return ReadAll(command);
        }, cancellationToken);

    /// <summary>Every stored ticket, oldest first (for inspection).</summary>
    public Task<IReadOnlyList<StoredTicket>> SelectAllAsync(CancellationToken cancellationToken = default)
        => WithConnectionAsync<IReadOnlyList<StoredTicket>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM winning_tickets ORDER BY created_at, rowid;";
            return ReadAll(command);
        }, cancellationToken);

    /// <summary>One ticket by hash, or null.</summary>
    public Task<StoredTicket?> GetAsync(ReadOnlyMemory<byte> hash, CancellationToken cancellationToken = default)
        => WithConnectionAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM winning_tickets WHERE ticket_hash = $hash;";
            command.Parameters.AddWithValue("$hash", hash.ToArray());
            return ReadAll(command).FirstOrDefault();
        }, cancellationToken);

    /// <summary>How many tickets are neither redeemed nor failed.</summary>
    public Task<int> CountOpenAsync(CancellationToken cancellationToken = default)
        => WithConnectionAsync(connection => Convert.ToInt32(Scalar(connection, "SELECT COUNT(*) FROM winning_tickets WHERE status IN (0, 1);"), CultureInfo.InvariantCulture), cancellationToken);

    /// <summary>Marks tickets as possibly sent, in one commit, before the transaction leaves.</summary>
    public Task MarkSendingAsync(IReadOnlyList<byte[]> hashes, CancellationToken cancellationToken = default)
        => UpdateAsync(hashes, "status = 1, attempts = attempts + 1", null, null, cancellationToken);

    /// <summary>Marks tickets redeemed, with the transaction that redeemed them when known.</summary>
    public Task MarkRedeemedAsync(IReadOnlyList<byte[]> hashes, string? transactionHash, string? note, CancellationToken cancellationToken = default)
        => UpdateAsync(hashes, "status = 2, tx_hash = COALESCE($tx, tx_hash), last_error = $error", transactionHash, note, cancellationToken);

    /// <summary>Marks tickets as never redeemable.</summary>
    public Task MarkFailedAsync(IReadOnlyList<byte[]> hashes, string error, CancellationToken cancellationToken = default)
        => UpdateAsync(hashes, "status = 3, last_error = $error", null, error, cancellationToken);

    /// <summary>Records an attempt that will be retried; <paramref name="mayHaveBeenSent"/> keeps the sending marker.</summary>
    public Task RecordRetryAsync(IReadOnlyList<byte[]> hashes, string error, bool mayHaveBeenSent, string? transactionHash = null, CancellationToken cancellationToken = default)
        => UpdateAsync(hashes, $"status = {(mayHaveBeenSent ? 1 : 0)}, tx_hash = COALESCE($tx, tx_hash), last_error = $error", transactionHash, error, cancellationToken);

    private Task UpdateAsync(IReadOnlyList<byte[]> hashes, string set, string? transactionHash, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return WithConnectionAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"UPDATE winning_tickets SET {set}, updated_at = $now WHERE ticket_hash = $hash;";
            var hashParameter = command.Parameters.Add("$hash", SqliteType.Blob);
            command.Parameters.AddWithValue("$now", now);
            command.Parameters.AddWithValue("$tx", (object?)transactionHash ?? DBNull.Value);
            command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
            foreach (var hash in hashes)
            {
                hashParameter.Value = hash;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
            return true;
        }, cancellationToken);
    }

    private async Task<T> WithConnectionAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work(_connection);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            throw Corrupt(Path, ex.Message, ex);
        }
        catch (SqliteException ex)
        {
            throw new PaymentException(PaymentErrorCode.StoreUnavailable, $"The winning-ticket database {Path} failed: {ex.Message}", isTransient: true, ex);
        }
        finally
        {
            _turn.Release();
        }
    }

    private static List<StoredTicket> ReadAll(SqliteCommand command)
    {
        var list = new List<StoredTicket>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var ticket = new Ticket(
                EthAddress.Parse(reader.GetString(1)),
                EthAddress.Parse(reader.GetString(2)),
                new Wei(Number(reader.GetString(3))),
                Number(reader.GetString(4)),
                Number(reader.GetString(5)),
                (byte[])reader[6],
                (byte[])reader[7]);
            var signed = new SignedTicket(ticket, EthSignature.Parse((byte[])reader[8]), Number(reader.GetString(9)), (ulong)reader.GetInt64(10));
            list.Add(new StoredTicket(
                (byte[])reader[0],
                signed,
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
                (StoredTicketStatus)reader.GetInt32(13),
                reader.IsDBNull(14) ? null : reader.GetString(14),
                reader.GetInt32(15),
                reader.IsDBNull(16) ? null : reader.GetString(16)));
        }
        return list;
    }

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private static BigInteger Number(string text) => BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _turn.Wait();
        try
        {
            _disposed = true;
            _connection.Dispose();
        }
        finally
        {
            _turn.Release();
        }
    }
}
