namespace MyVid.WebRtc.Srtp;

/// <summary>Turns DTLS-SRTP exporter output into the two SRTP contexts of a session (RFC 5764 §4.2).</summary>
public static class SrtpKeyingMaterial
{
    /// <summary>The TLS exporter label for DTLS-SRTP keys (RFC 5764 §4.2).</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>
    /// Splits client key | server key | client salt | server salt and builds the local context (protects
    /// what we send) and the remote one (unprotects what we receive).
    /// </summary>
    /// <param name="keyingMaterial"><see cref="SrtpProfile.KeyingMaterialLength"/> bytes from the exporter.</param>
    /// <param name="isDtlsClient">Whether we were the DTLS client, whose keys protect our outgoing packets.</param>
    public static (SrtpContext Local, SrtpContext Remote) CreateContexts(
        SrtpProfile profile, ReadOnlySpan<byte> keyingMaterial, bool isDtlsClient, int replayWindowSize = 128)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (keyingMaterial.Length != profile.KeyingMaterialLength)
        {
            throw new ArgumentException(
                $"{profile} needs {profile.KeyingMaterialLength} bytes of keying material.", nameof(keyingMaterial));
        }

        var keyLength = profile.KeyLength;
        var saltLength = profile.SaltLength;
        var clientKey = keyingMaterial[..keyLength];
        var serverKey = keyingMaterial.Slice(keyLength, keyLength);
        var clientSalt = keyingMaterial.Slice(2 * keyLength, saltLength);
        var serverSalt = keyingMaterial.Slice((2 * keyLength) + saltLength, saltLength);

        var client = SrtpContext.Create(profile, clientKey, clientSalt, replayWindowSize);
        try
        {
            var server = SrtpContext.Create(profile, serverKey, serverSalt, replayWindowSize);
            return isDtlsClient ? (client, server) : (server, client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
