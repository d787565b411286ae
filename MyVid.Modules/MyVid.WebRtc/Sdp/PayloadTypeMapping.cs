namespace MyVid.WebRtc.Sdp;

/// <summary>A codec both sides agreed on: we send it with RemotePayloadType and receive it with LocalPayloadType.</summary>
/// <remarks>RFC 3264 §6.1: each side receives on the payload types it wrote, so the two may differ.</remarks>
public sealed record PayloadTypeMapping(RtpCodec Codec, byte LocalPayloadType, byte RemotePayloadType);
