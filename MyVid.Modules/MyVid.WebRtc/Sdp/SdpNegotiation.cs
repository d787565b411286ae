using System.Diagnostics.CodeAnalysis;
using MyVid.WebRtc.Dtls;

namespace MyVid.WebRtc.Sdp;

/// <summary>
/// Reads a finished exchange — our offer and their answer, or their offer and our answer — into what the
/// transport and RTP layers need: per mid the payload type and extmap id pairs, the remote ICE credentials and
/// fingerprint, and the DTLS role a=setup gives us (RFC 8842 §5.3: active is the DTLS client).
/// </summary>
public static class SdpNegotiation
{
    public static bool TryNegotiate(SessionDescription offer, SessionDescription answer, bool localIsOfferer, [NotNullWhen(true)] out NegotiationResult? result, out string error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        result = null;
        if (offer.Media.Count != answer.Media.Count)
        {
            error = $"the answer has {answer.Media.Count} m= sections, the offer {offer.Media.Count}";
            return false;
        }

        var media = new List<NegotiatedMedia>(offer.Media.Count);
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var (o, a) = (offer.Media[i], answer.Media[i]);
            if (o.Mid is null || o.Mid != a.Mid || o.Kind != a.Kind)
            {
                error = $"m= section {i} differs between offer (mid {o.Mid}, {o.Kind}) and answer (mid {a.Mid}, {a.Kind})";
                return false;
            }

            var (local, remote) = localIsOfferer ? (o, a) : (a, o);
            var accepted = !o.IsRejected && !a.IsRejected;
            var direction = localIsOfferer ? MediaDirections.Reverse(a.EffectiveDirection) : a.EffectiveDirection;
            media.Add(new NegotiatedMedia(
                o.Mid,
                o.Kind,
                accepted,
                accepted ? direction : MediaDirection.Inactive,
                accepted ? MapCodecs(local, remote) : [],
                accepted ? MapExtmaps(local, remote) : [],
                accepted ? [.. remote.Ssrcs] : []));
        }

        var remoteDescription = localIsOfferer ? answer : offer;
        var transport = TransportSection(remoteDescription, media);
        if (transport is null)
        {
            error = "no accepted m= section with remote ICE credentials and a fingerprint";
            return false;
        }

        var answerSetup = answer.FindMedia(transport.Mid!)!.Setup ?? DtlsSetup.Active;
        if (answerSetup is not (DtlsSetup.Active or DtlsSetup.Passive))
        {
            error = $"the answer's a=setup must be active or passive, not {answerSetup}";
            return false;
        }

        // The answerer's setup decides: active is the DTLS client, so whoever wrote it is the client.
        var answererIsClient = answerSetup == DtlsSetup.Active;
        var role = answererIsClient == localIsOfferer ? DtlsRole.Server : DtlsRole.Client;
        var candidates = remoteDescription.Media.SelectMany(m => m.Candidates).ToList();
        result = new NegotiationResult(transport, remoteDescription.IceLite, role, candidates, media);
        error = "";
        return true;
    }

    // With BUNDLE the tagged section (the first mid of the group) carries the transport (RFC 9143 §7).
    private static MediaDescription? TransportSection(SessionDescription remote, List<NegotiatedMedia> media)
    {
        var order = remote.BundleGroup?.Mids.Select(remote.FindMedia) ?? remote.Media;
        return order.FirstOrDefault(m => m is not null && m.Mid is not null
            && media.Any(n => n.Mid == m.Mid && n.Accepted)
            && m.IceUfrag is not null && m.IcePwd is not null && m.Fingerprints.Count > 0);
    }

    private static List<PayloadTypeMapping> MapCodecs(MediaDescription local, MediaDescription remote)
    {
        var mappings = new List<PayloadTypeMapping>();
        foreach (var codec in remote.Codecs.Where(c => !c.IsRtx))
        {
            var ours = local.FindCodec(codec.PayloadType) is { } same && CodecMatcher.Matches(same, codec)
                ? same
                : local.Codecs.FirstOrDefault(c => !c.IsRtx && CodecMatcher.Matches(c, codec));
            if (ours is not null)
            {
                mappings.Add(new PayloadTypeMapping(codec, ours.PayloadType, codec.PayloadType));
            }
        }

        // RTX pairs through the payload types they repair.
        foreach (var rtx in remote.Codecs.Where(c => c.IsRtx))
        {
            var primary = mappings.FirstOrDefault(m => m.RemotePayloadType == rtx.AssociatedPayloadType);
            var ours = primary is null ? null : local.Codecs.FirstOrDefault(c => c.IsRtx && c.AssociatedPayloadType == primary.LocalPayloadType);
            if (ours is not null)
            {
                mappings.Add(new PayloadTypeMapping(rtx, ours.PayloadType, rtx.PayloadType));
            }
        }

        return mappings;
    }

    private static List<ExtmapMapping> MapExtmaps(MediaDescription local, MediaDescription remote)
    {
        var mappings = new List<ExtmapMapping>();
        foreach (var theirs in remote.Extmaps)
        {
            if (local.Extmaps.FirstOrDefault(e => e.Uri == theirs.Uri) is { } ours)
            {
                mappings.Add(new ExtmapMapping(theirs.Uri, ours.Id, theirs.Id));
            }
        }

        return mappings;
    }
}
