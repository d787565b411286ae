namespace MyVid.WebRtc.Sdp;

/// <summary>
/// Answers a remote offer (RFC 3264 §6, JSEP RFC 9429 §5.3.1) as a pure function: same m= sections in the same
/// order with the same mids, codecs intersected in the offerer's order with its payload type numbers, one BUNDLE
/// transport (RFC 9143) with rtcp-mux, and port 0 with a reason for every section that cannot be served.
/// </summary>
public static class SdpAnswerBuilder
{
    public static SdpAnswerResult Build(SessionDescription offer, AnswerOptions options)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(options);
        var answer = new SessionDescription
        {
            Origin = options.Origin,
            IceLite = options.Transport.IceLite,
            ExtmapAllowMixed = offer.ExtmapAllowMixed,
        };
        var outcomes = new List<MediaOutcome>(offer.Media.Count);
        var offeredBundle = offer.BundleGroup?.Mids;
        foreach (var offered in offer.Media)
        {
            var reason = PreCheck(offered, offeredBundle, offer.Media.Count);
            var media = reason is null ? Accept(offered, options, out reason) : null;
            outcomes.Add(new MediaOutcome(offered.Mid, offered.Kind, media is not null, reason));
            answer.Media.Add(media ?? Reject(offered));
        }

        // In the offer's BUNDLE order, so the offerer-tagged section stays the tag when accepted (RFC 9143 §7.3.1).
        var accepted = answer.Media.Where(m => !m.IsRejected && m.Mid is not null)
            .OrderBy(m => offeredBundle?.IndexOf(m.Mid!) ?? 0)
            .ToList();
        if (offeredBundle is not null && accepted.Count > 0)
        {
            answer.Groups.Add(new SdpGroup(SdpGroup.Bundle, accepted.Select(m => m.Mid!)));
        }

        // The candidates go once, into the answerer-tagged section (RFC 9143 §7.3.1.1): the first accepted one.
        if (accepted.Count > 0 && options.Transport.Candidates.Count > 0)
        {
            foreach (var candidate in options.Transport.Candidates)
            {
                accepted[0].Candidates.Add(candidate);
            }

            accepted[0].EndOfCandidates = options.Transport.IceLite;
        }

        var streams = accepted.SelectMany(m => m.Msids).Select(msid => msid.StreamId).Distinct();
        answer.MsidSemantic = string.Join(' ', streams.Prepend("WMS"));
        return new SdpAnswerResult(answer, outcomes);
    }

    private static string? PreCheck(MediaDescription offered, IList<string>? bundle, int sectionCount)
    {
        if (offered.IsRejected)
        {
            return "rejected in the offer (port 0)";
        }

        if (offered.Mid is null)
        {
            return "no a=mid";
        }

        // One transport serves everything, so every section must be in BUNDLE unless it is the only one.
        if (sectionCount > 1 && bundle?.Contains(offered.Mid) != true)
        {
            return "not in the offer's BUNDLE group";
        }

        if (offered.IceUfrag is null || offered.IcePwd is null || offered.Fingerprints.Count == 0)
        {
            return "no ICE credentials or DTLS fingerprint";
        }

        return offered.IsRtp && !offered.RtcpMux ? "no rtcp-mux" : null;
    }

    private static MediaDescription? Accept(MediaDescription offered, AnswerOptions options, out string? reason)
    {
        var media = new MediaDescription
        {
            Media = offered.Media,
            Protocol = offered.Protocol,
            Connection = SdpConnection.Unspecified,
            Mid = offered.Mid,
        };
        reason = offered.Kind switch
        {
            MediaKind.Audio or MediaKind.Video => AcceptRtp(offered, media, options),
            MediaKind.Application => AcceptDataChannel(offered, media, options.Capabilities),
            _ => $"media type '{offered.Media}' not supported",
        };
        if (reason is not null)
        {
            return null;
        }

        var transport = options.Transport;
        media.IceUfrag = transport.IceUfrag;
        media.IcePwd = transport.IcePwd;
        media.Fingerprints.Add(transport.Fingerprint);
        media.Setup = offered.Setup switch
        {
            DtlsSetup.Active => DtlsSetup.Passive,
            DtlsSetup.Passive => DtlsSetup.Active,
            _ => transport.AnswerSetup,
        };
        return media;
    }

    private static string? AcceptRtp(MediaDescription offered, MediaDescription media, AnswerOptions options)
    {
        var capabilities = options.Capabilities;
        foreach (var codec in CodecSelection.Select(offered, capabilities.Codecs))
        {
            media.Codecs.Add(codec);
        }

        if (media.Codecs.Count == 0)
        {
            var offeredNames = string.Join(", ", offered.Codecs.Where(c => !c.IsRtx).Select(c => c.Name).Distinct());
            return $"no common codec (offered {offeredNames})";
        }

        var wanted = options.Directions.TryGetValue(offered.Kind, out var d) ? d : MediaDirection.RecvOnly;
        media.Direction = MediaDirections.Intersect(MediaDirections.Reverse(offered.EffectiveDirection), wanted);
        media.RtcpMux = true;
        media.RtcpReducedSize = offered.RtcpReducedSize;
        media.ExtmapAllowMixed = offered.ExtmapAllowMixed;
        foreach (var extmap in offered.Extmaps)
        {
            if (capabilities.HeaderExtensions.Contains(extmap.Uri))
            {
                media.Extmaps.Add(new Extmap(extmap.Id, extmap.Uri, extmap.Direction is { } x ? MediaDirections.Reverse(x) : null));
            }
        }

        if (media.Direction is MediaDirection.SendOnly or MediaDirection.SendRecv
            && options.SendTracks.TryGetValue(media.Mid!, out var stream))
        {
            stream.AddTo(media);
        }

        return null;
    }

    private static MediaDescription Reject(MediaDescription offered)
    {
        // RFC 3264 §6: port 0, and at least one of the offered formats to keep the m= line valid.
        var rejected = new MediaDescription
        {
            Media = offered.Media,
            Port = 0,
            Protocol = offered.Protocol,
            Connection = SdpConnection.Unspecified,
            Mid = offered.Mid,
            Direction = MediaDirection.Inactive,
        };
        if (offered.Codecs.Count > 0)
        {
            rejected.Codecs.Add(new RtpCodec(offered.Codecs[0].PayloadType, offered.Codecs[0].Name, offered.Codecs[0].ClockRate, offered.Codecs[0].Channels));
        }
        else
        {
            rejected.Formats.Add(offered.Formats.Count > 0 ? offered.Formats[0] : "0");
        }

        return rejected;
    }

    private static string? AcceptDataChannel(MediaDescription offered, MediaDescription media, LocalCapabilities capabilities)
    {
        if (!capabilities.DataChannels)
        {
            return "data channels not supported";
        }

        if (!offered.Formats.Contains("webrtc-datachannel"))
        {
            return "not a webrtc-datachannel section";
        }

        media.Formats.Add("webrtc-datachannel");
        media.SctpPort = capabilities.SctpPort;
        media.MaxMessageSize = capabilities.MaxMessageSize;
        return null;
    }
}
