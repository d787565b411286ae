using System.Net;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Ice;

/// <summary>The parts of answering a connectivity check that the lite and the full agent share (RFC 8445 §7.3).</summary>
internal static class IceBinding
{
    /// <summary>
    /// A well-formed Binding message with a valid FINGERPRINT (RFC 8445 §16: ICE agents always send one) and no
    /// comprehension-required attribute we do not know. Such a request is dropped rather than answered with 420:
    /// browsers never send one, and an unauthenticated error would only help a scanner.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out StunMessage message) =>
        StunMessage.TryParse(datagram, out message)
        && message.Method == StunMethod.Binding
        && message.CheckFingerprint()
        && message.UnknownComprehensionRequired is null;

    /// <summary>
    /// Success response with XOR-MAPPED-ADDRESS = the request's source (RFC 8445 §7.3.1.2), or a 487 Role Conflict
    /// error (§7.3.1.1); both signed with the local password and fingerprinted.
    /// </summary>
    public static bool TryWriteResponse(StunTransactionId transactionId, IPEndPoint source, bool roleConflict,
        StunIntegrityKey localKey, Span<byte> buffer, out int written)
    {
        var writer = new StunMessageWriter(buffer,
            roleConflict ? StunClass.ErrorResponse : StunClass.SuccessResponse, StunMethod.Binding, transactionId);
        if (roleConflict)
        {
            writer.AddErrorCode(487, "Role Conflict"u8);
        }
        else
        {
            writer.AddXorMappedAddress(source);
        }

        writer.AddMessageIntegrity(localKey);
        writer.AddFingerprint();
        return writer.TryComplete(out written);
    }
}
