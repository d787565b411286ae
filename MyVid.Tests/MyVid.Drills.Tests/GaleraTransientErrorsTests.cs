using MyVid.Testing;
using System.Net.Sockets;
using MyVid.Platform.Persistence;
using MySqlConnector;

namespace MyVid.Drills.Tests;

/// <summary>
/// Which errors the execution strategy retries. MySqlConnector's exceptions cannot be made by hand, so those come from
/// a real MariaDB: SIGNAL raises any error number, exactly as the server sends it.
/// </summary>
public sealed class GaleraTransientErrorsTests
{
    [TestCase(1047)]
    [TestCase(1180)]
    [TestCase(1205)]
    [TestCase(1213)]
    public async Task Galeras_failover_errors_are_retried(int number) =>
        Assert.That(GaleraTransientErrors.IsTransient(await ServerErrorAsync(number)), Is.True);

    [TestCase(1062)] // duplicate key: a retry cannot help
    [TestCase(1064)] // syntax
    [TestCase(1146)] // no such table
    public async Task Errors_of_the_request_itself_are_not(int number) =>
        Assert.That(GaleraTransientErrors.IsTransient(await ServerErrorAsync(number)), Is.False);

    [Test]
    public void A_lost_connection_is_retried_however_it_is_wrapped()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GaleraTransientErrors.IsTransient(new EndOfStreamException()), Is.True);
            Assert.That(GaleraTransientErrors.IsTransient(new IOException("reset", new SocketException((int)SocketError.ConnectionReset))), Is.True);
            Assert.That(GaleraTransientErrors.IsTransient(new InvalidOperationException("wrapped", new SocketException((int)SocketError.ConnectionRefused))),
                Is.True);
            Assert.That(GaleraTransientErrors.IsTransient(new TimeoutException()), Is.True);
        });
    }

    [Test]
    public void Other_exceptions_are_not_retried()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GaleraTransientErrors.IsTransient(new InvalidOperationException("a bug")), Is.False);
            Assert.That(GaleraTransientErrors.IsTransient(new ArgumentException("bad", new FormatException())), Is.False);
        });
    }

    [Test]
    public async Task A_server_gone_mid_command_is_retried()
    {
        // KILL of our own connection from another: the next read finds the socket closed by the server.
        await using var victim = new MySqlConnection(RealParts.MariaDb);
        await victim.OpenAsync();
        await using (var killer = new MySqlConnection(RealParts.MariaDb))
        {
            await killer.OpenAsync();
            await using var kill = new MySqlCommand($"KILL CONNECTION {victim.ServerThread}", killer);
            await kill.ExecuteNonQueryAsync();
        }
        await using var command = new MySqlCommand("SELECT 1", victim);
        var e = Assert.CatchAsync(() => command.ExecuteScalarAsync());
        Assert.That(GaleraTransientErrors.IsTransient(e!), Is.True, e!.ToString());
    }

    private static async Task<Exception> ServerErrorAsync(int number)
    {
        await using var connection = new MySqlConnection(RealParts.MariaDb);
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = {number}, MESSAGE_TEXT = 'raised by the test'", connection);
        var e = Assert.ThrowsAsync<MySqlException>(() => command.ExecuteNonQueryAsync());
        Assert.That(e!.Number, Is.EqualTo(number));
        return e;
    }
}
