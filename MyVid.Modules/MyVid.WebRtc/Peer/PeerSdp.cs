using System.Globalization;
using System.Net;
using MyVid.WebRtc.Ice;
using MyVid.WebRtc.Sdp;

namespace MyVid.WebRtc.Peer;

/// <summary>
/// Offer/answer for a <see cref="PeerConnection"/> over the <c>Sdp</c> builders: answer a remote offer (a server
/// answering a browser's publish), or offer and take the answer (a server offering to a viewer, RFC 9429 §5.2.1).
/// Each ends in <see cref="PeerConnection.TryApply"/>.
/// </summary>
public static class PeerSdp
{
    /// <summary>Adds a host candidate of ours (RFC 8445 §5.1.2) to the SDP we write next.</summary>
    public static void AddHostCandidate(this PeerConnection connection, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(endPoint);
        var transport = connection.LocalTransport;
        int index = transport.Candidates.Count;
        var candidate = new IceCandidate
        {
            Foundation = (index + 1).ToString(CultureInfo.InvariantCulture),
            Address = endPoint.Address.ToString(),
            Port = endPoint.Port,
            Type = IceCandidateType.Host,
            Priority = IceCandidate.ComputePriority(IceCandidateType.Host, 65535 - index, 1),
        };
        // SDP keeps the attribute value after "candidate:".
        transport.Candidates.Add(candidate.ToString()["candidate:".Length..]);
    }

    /// <summary>
    /// Answers a remote offer with <see cref="SdpAnswerBuilder"/> over the connection's
    /// <see cref="PeerConnection.LocalTransport"/> and applies both. False, with the reason, when nothing could be
    /// accepted or the exchange gives no usable transport.
    /// </summary>
    public static bool TryAcceptOffer(this PeerConnection connection, SessionDescription offer,
        LocalCapabilities capabilities, SdpOrigin origin, Action<AnswerOptions>? configure, out SessionDescription? answer, out string error)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(offer);
        var options = new AnswerOptions(capabilities, connection.LocalTransport, origin);
        configure?.Invoke(options);
        var result = SdpAnswerBuilder.Build(offer, options);
        answer = result.Answer;
        if (!result.Success)
        {
            error = result.Error!;
            return false;
        }

        return connection.TryApply(offer, result.Answer, localIsOfferer: false, out error);
    }

    /// <summary>Our offer (the server's to a viewer, RFC 9429 §5.2.1): sendonly tracks, BUNDLE, setup actpass.</summary>
    public static SessionDescription CreateOffer(this PeerConnection connection, SdpOrigin origin, IEnumerable<OfferedTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.LocalOffer = SdpOfferBuilder.Build(connection.LocalTransport, origin, tracks);
        return connection.LocalOffer;
    }

    /// <summary>Applies the remote answer to the offer <see cref="CreateOffer"/> made.</summary>
    public static bool TryAcceptAnswer(this PeerConnection connection, SessionDescription answer, out string error)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(answer);
        if (connection.LocalOffer is null)
        {
            error = "no local offer to answer";
            return false;
        }

        return connection.TryApply(connection.LocalOffer, answer, localIsOfferer: true, out error);
    }
}
