using System.Globalization;
using System.Text;

namespace MyVid.WebRtc.Sdp;

/// <summary>
/// Writes a session description with CRLF line ends (RFC 8866 §5) in the line order of RFC 8866 §9 and, for
/// attributes, the order Chromium writes them: transport, mid, extmap, direction, msid, rtcp, codecs, ssrcs.
/// </summary>
public static class SdpWriter
{
    public static string Write(SessionDescription session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var sdp = new StringBuilder(4096);
        var o = session.Origin;
        Line(sdp, "v=0");
        Line(sdp, $"o={o.Username} {o.SessionId} {o.SessionVersion} {o.NetType} {o.AddressType} {o.Address}");
        Line(sdp, "s=" + session.SessionName);
        OtherLines(sdp, session.OtherLines, "iuep");
        Connection(sdp, session.Connection);
        Bandwidths(sdp, session.Bandwidths);
        Line(sdp, $"t={session.Timing.Start} {session.Timing.Stop}");
        OtherLines(sdp, session.OtherLines, "rzk");
        foreach (var group in session.Groups)
        {
            Line(sdp, $"a=group:{group.Semantics}" + string.Concat(group.Mids.Select(mid => " " + mid)));
        }

        Flag(sdp, "extmap-allow-mixed", session.ExtmapAllowMixed);
        if (session.MsidSemantic is { } semantic)
        {
            Line(sdp, "a=msid-semantic: " + semantic); // Chromium writes the space and Firefox accepts it.
        }

        Flag(sdp, "ice-lite", session.IceLite);
        Transport(sdp, session.IceUfrag, session.IcePwd, session.IceOptions, session.Fingerprints, session.Setup);
        if (session.Direction is { } direction)
        {
            Line(sdp, "a=" + MediaDirections.Name(direction));
        }

        Attributes(sdp, session.Attributes);
        foreach (var media in session.Media)
        {
            WriteMedia(sdp, media);
        }

        return sdp.ToString();
    }

    private static void WriteMedia(StringBuilder sdp, MediaDescription m)
    {
        var port = m.PortCount is { } count ? $"{m.Port}/{count}" : m.Port.ToString(CultureInfo.InvariantCulture);
        var formats = m.IsRtp ? m.Codecs.Select(c => c.PayloadType.ToString(CultureInfo.InvariantCulture)) : m.Formats;
        Line(sdp, $"m={m.Media} {port} {m.Protocol} {string.Join(' ', formats)}");
        OtherLines(sdp, m.OtherLines, "i");
        Connection(sdp, m.Connection);
        Bandwidths(sdp, m.Bandwidths);
        OtherLines(sdp, m.OtherLines, "k");
        if (m.Rtcp is { } rtcp)
        {
            Line(sdp, "a=rtcp:" + rtcp);
        }

        foreach (var candidate in m.Candidates)
        {
            Line(sdp, "a=candidate:" + candidate);
        }

        Flag(sdp, "end-of-candidates", m.EndOfCandidates);
        Transport(sdp, m.IceUfrag, m.IcePwd, m.IceOptions, m.Fingerprints, m.Setup);
        if (m.Mid is { } mid)
        {
            Line(sdp, "a=mid:" + mid);
        }

        Flag(sdp, "bundle-only", m.BundleOnly);
        foreach (var extmap in m.Extmaps)
        {
            var direction = extmap.Direction is { } d ? "/" + MediaDirections.Name(d) : "";
            var attributes = extmap.Attributes is { } a ? " " + a : "";
            Line(sdp, $"a=extmap:{extmap.Id}{direction} {extmap.Uri}{attributes}");
        }

        Flag(sdp, "extmap-allow-mixed", m.ExtmapAllowMixed);
        if (m.Direction is { } mediaDirection)
        {
            Line(sdp, "a=" + MediaDirections.Name(mediaDirection));
        }

        foreach (var msid in m.Msids)
        {
            Line(sdp, "a=msid:" + msid.StreamId + (msid.TrackId is { } track ? " " + track : ""));
        }

        Flag(sdp, "rtcp-mux", m.RtcpMux);
        Flag(sdp, "rtcp-mux-only", m.RtcpMuxOnly);
        Flag(sdp, "rtcp-rsize", m.RtcpReducedSize);
        foreach (var codec in m.Codecs)
        {
            Codec(sdp, codec);
        }

        if (m.SctpPort is { } sctpPort)
        {
            Line(sdp, $"a=sctp-port:{sctpPort}");
        }

        if (m.MaxMessageSize is { } size)
        {
            Line(sdp, $"a=max-message-size:{size}");
        }

        foreach (var rid in m.Rids)
        {
            Line(sdp, $"a=rid:{rid.Id} {rid.Direction}" + (rid.Restrictions is { } r ? " " + r : ""));
        }

        if (m.Simulcast is { } simulcast)
        {
            Line(sdp, "a=simulcast:" + Simulcast(simulcast));
        }

        foreach (var group in m.SsrcGroups)
        {
            Line(sdp, $"a=ssrc-group:{group.Semantics}" + string.Concat(group.Ssrcs.Select(s => " " + s.ToString(CultureInfo.InvariantCulture))));
        }

        foreach (var ssrc in m.Ssrcs)
        {
            Line(sdp, $"a=ssrc:{ssrc.Ssrc} {ssrc.Attribute}" + (ssrc.Value is { } v ? ":" + v : ""));
        }

        Attributes(sdp, m.Attributes);
    }

    private static void Codec(StringBuilder sdp, RtpCodec codec)
    {
        var pt = codec.PayloadType.ToString(CultureInfo.InvariantCulture);
        if (codec.Name.Length > 0)
        {
            Line(sdp, $"a=rtpmap:{pt} {codec.Name}/{codec.ClockRate}" + (codec.Channels is { } c ? $"/{c}" : ""));
        }

        foreach (var feedback in codec.Feedback)
        {
            Line(sdp, $"a=rtcp-fb:{pt} {feedback}");
        }

        if (codec.Parameters.Count > 0)
        {
            var parameters = codec.Parameters.Select(p => p.Value is null ? p.Name : p.Name + "=" + p.Value);
            Line(sdp, $"a=fmtp:{pt} {string.Join(';', parameters)}");
        }
    }

    private static void Transport(
        StringBuilder sdp, string? ufrag, string? pwd, IList<string> options, IList<SdpFingerprint> fingerprints, DtlsSetup? setup)
    {
        if (ufrag is not null)
        {
            Line(sdp, "a=ice-ufrag:" + ufrag);
        }

        if (pwd is not null)
        {
            Line(sdp, "a=ice-pwd:" + pwd);
        }

        if (options.Count > 0)
        {
            Line(sdp, "a=ice-options:" + string.Join(' ', options));
        }

        foreach (var fingerprint in fingerprints)
        {
            Line(sdp, $"a=fingerprint:{fingerprint.HashFunction} {fingerprint.Value}");
        }

        if (setup is { } s)
        {
            Line(sdp, "a=setup:" + s.ToString().ToLowerInvariant());
        }
    }

    private static string Simulcast(SdpSimulcast simulcast)
    {
        static string Streams(IList<IList<string>> streams) => string.Join(';', streams.Select(alternatives => string.Join(',', alternatives)));

        var parts = new List<string>(2);
        if (simulcast.Send.Count > 0)
        {
            parts.Add("send " + Streams(simulcast.Send));
        }

        if (simulcast.Receive.Count > 0)
        {
            parts.Add("recv " + Streams(simulcast.Receive));
        }

        return string.Join(' ', parts);
    }

    private static void OtherLines(StringBuilder sdp, IList<SdpLine> lines, string types)
    {
        foreach (var line in lines)
        {
            if (types.Contains(line.Type, StringComparison.Ordinal))
            {
                Line(sdp, $"{line.Type}={line.Value}");
            }
        }
    }

    private static void Connection(StringBuilder sdp, SdpConnection? c)
    {
        if (c is not null)
        {
            Line(sdp, $"c={c.NetType} {c.AddressType} {c.Address}");
        }
    }

    private static void Bandwidths(StringBuilder sdp, IList<SdpBandwidth> bandwidths)
    {
        foreach (var b in bandwidths)
        {
            Line(sdp, $"b={b.Type}:{b.Value}");
        }
    }

    private static void Attributes(StringBuilder sdp, IList<SdpAttributeLine> attributes)
    {
        foreach (var a in attributes)
        {
            Line(sdp, "a=" + a.Name + (a.Value is null ? "" : ":" + a.Value));
        }
    }

    private static void Flag(StringBuilder sdp, string name, bool present)
    {
        if (present)
        {
            Line(sdp, "a=" + name);
        }
    }

    private static void Line(StringBuilder sdp, string line) => sdp.Append(line).Append("\r\n");
}
