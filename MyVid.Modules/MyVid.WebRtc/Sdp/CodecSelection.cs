namespace MyVid.WebRtc.Sdp;

/// <summary>The codec part of an answer (RFC 3264 §6.1): what of an m= section's offered codecs we take.</summary>
internal static class CodecSelection
{
    /// <summary>
    /// The offered codecs we support, in the offer's order and with its payload types, with the RTX and RED
    /// entries whose protected payload types made it (RFC 4588 §8.6 apt, RFC 2198 "pt/pt" lists).
    /// </summary>
    public static List<RtpCodec> Select(MediaDescription offered, IList<CodecCapability> capabilities)
    {
        var chosen = new Dictionary<byte, CodecCapability>();
        foreach (var codec in offered.Codecs)
        {
            if (!codec.IsRtx && !IsRedundancy(codec) && CodecMatcher.FindCapability(codec, capabilities, offered.Kind) is { } local)
            {
                chosen[codec.PayloadType] = local;
            }
        }

        // RTX, RED and FEC protect a media codec: without one there is nothing to take.
        var result = new List<RtpCodec>();
        if (chosen.Count == 0)
        {
            return result;
        }

        foreach (var codec in offered.Codecs)
        {
            if (chosen.TryGetValue(codec.PayloadType, out var local))
            {
                var answer = new RtpCodec(codec.PayloadType, codec.Name, codec.ClockRate, codec.Channels);
                foreach (var p in CodecMatcher.AnswerParameters(codec, local))
                {
                    answer.Parameters.Add(p);
                }

                foreach (var feedback in codec.Feedback.Where(f => local.Feedback.Contains(f, StringComparer.OrdinalIgnoreCase)))
                {
                    answer.Feedback.Add(feedback);
                }

                result.Add(answer);
            }
            else if (codec.IsRtx && codec.AssociatedPayloadType is { } apt && chosen.TryGetValue(apt, out var primary) && primary.Rtx)
            {
                var rtx = new RtpCodec(codec.PayloadType, codec.Name, codec.ClockRate);
                rtx.Parameters.Add(new FmtpParameter("apt", apt.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                result.Add(rtx);
            }
            else if (IsRedundancy(codec) && CodecMatcher.FindCapability(codec, capabilities, offered.Kind) is not null
                && ProtectedTypes(codec).All(chosen.ContainsKey))
            {
                result.Add(codec.Clone());
            }
        }

        return result;
    }

    private static bool IsRedundancy(RtpCodec codec) =>
        codec.Name.Equals("red", StringComparison.OrdinalIgnoreCase) || codec.Name.Equals("ulpfec", StringComparison.OrdinalIgnoreCase);

    // Audio RED names the payload types it carries ("111/111"); video RED and ulpfec name none.
    private static IEnumerable<byte> ProtectedTypes(RtpCodec red) =>
        red.Parameters.Where(p => p.Value is null)
            .SelectMany(p => p.Name.Split('/'))
            .Select(pt => MediaSection.TryParsePayloadType(pt, out var value) ? value : (byte)255);
}
