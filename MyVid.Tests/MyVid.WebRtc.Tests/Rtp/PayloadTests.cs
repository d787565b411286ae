using MyVid.WebRtc.Rtp;

namespace MyVid.WebRtc.Tests.Rtp;

public sealed class PayloadTests
{
    [Test]
    public void Rfc7741_vp8_keyframe_start_is_detected_with_its_size()
    {
        byte[] payload =
        [
            0x90, 0xE0, 0x80, 0x2A, 0x05, 0x40, // X, S, PID 0; I L T; 15-bit picture id 42; TL0PICIDX 5; TID 1
            // RFC 6386 §9.1 frame tag: key_frame=0, version 0, show_frame=1, first partition size 0x123.
            0x70, 0x24, 0x00,
            0x9D, 0x01, 0x2A, // start code
            0x80, 0x02, // width 640 (little-endian, scale 0)
            0x68, 0x41, // height 360 with vertical scale bits 01 in the top two
            0x00,
        ];

        Assert.That(Vp8PayloadDescriptor.TryParse(payload, out var descriptor), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(descriptor.IsKeyframe, Is.True);
            Assert.That(descriptor.Width, Is.EqualTo(640));
            Assert.That(descriptor.Height, Is.EqualTo(360));
            Assert.That(descriptor.PictureId, Is.EqualTo(42));
            Assert.That(descriptor.HasLongPictureId, Is.True);
            Assert.That(descriptor.Tl0PicIdx, Is.EqualTo(5));
            Assert.That(descriptor.TemporalLayer, Is.EqualTo(1));
            Assert.That(descriptor.KeyIndex, Is.EqualTo(Vp8PayloadDescriptor.Absent));
            Assert.That(descriptor.Length, Is.EqualTo(6));
        }
    }

    [Test]
    public void Rfc7741_vp8_interframe_and_continuation_packets_are_not_keyframes()
    {
        byte[] interframe = [0x10, 0x71, 0x24, 0x00];
        byte[] continuation = [0x00, 0x70, 0x24, 0x00];
        byte[] laterPartition = [0x11, 0x70, 0x24, 0x00];

        Assert.That(Vp8PayloadDescriptor.TryParse(interframe, out var a) && !a.IsKeyframe, Is.True);
        Assert.That(Vp8PayloadDescriptor.TryParse(continuation, out var b) && !b.IsKeyframe, Is.True);
        Assert.That(Vp8PayloadDescriptor.TryParse(laterPartition, out var c) && !c.IsKeyframe, Is.True);
        Assert.That(a.PictureId, Is.EqualTo(Vp8PayloadDescriptor.Absent));
    }

    [Test]
    public void Rfc7741_vp8_short_picture_id_and_truncated_descriptors()
    {
        Assert.That(Vp8PayloadDescriptor.TryParse([0x80, 0x80, 0x11, 0x00], out var d), Is.True);
        Assert.That(d.PictureId, Is.EqualTo(0x11));
        Assert.That(d.HasLongPictureId, Is.False);
        Assert.That(Vp8PayloadDescriptor.TryParse([0x80, 0x80, 0x81], out _), Is.False, "15-bit id cut off");
        Assert.That(Vp8PayloadDescriptor.TryParse([0x80], out _), Is.False, "X set, no extension byte");
        Assert.That(Vp8PayloadDescriptor.TryParse([], out _), Is.False);
    }

    [TestCase(new byte[] { 0x65, 0x88 }, true, TestName = "Rfc6184_single_idr_slice")]
    [TestCase(new byte[] { 0x67, 0x42 }, true, TestName = "Rfc6184_single_sps")]
    [TestCase(new byte[] { 0x41, 0x9A }, false, TestName = "Rfc6184_single_non_idr_slice")]
    [TestCase(new byte[] { 0x78, 0x00, 0x02, 0x09, 0x10, 0x00, 0x02, 0x67, 0x42 }, true, TestName = "Rfc6184_stap_a_with_sps")]
    [TestCase(new byte[] { 0x78, 0x00, 0x02, 0x09, 0x10, 0x00, 0x09, 0x67 }, false, TestName = "Rfc6184_stap_a_overrunning")]
    [TestCase(new byte[] { 0x7C, 0x85, 0x88 }, true, TestName = "Rfc6184_fu_a_start_of_idr")]
    [TestCase(new byte[] { 0x7C, 0x05, 0x88 }, false, TestName = "Rfc6184_fu_a_middle_of_idr")]
    [TestCase(new byte[] { 0x7C, 0x81, 0x88 }, false, TestName = "Rfc6184_fu_a_start_of_non_idr")]
    public void H264_keyframes_are_detected(byte[] payload, bool expected) =>
        Assert.That(H264Payload.IsKeyframe(payload), Is.EqualTo(expected));

    [Test]
    public void Rfc6716_opus_toc_byte_is_read()
    {
        // Config 31 (CELT FB 20 ms), stereo, code 0.
        Assert.That(OpusToc.TryParse([0xFC, 0x00], out var toc), Is.True);
        Assert.That(toc.Configuration, Is.EqualTo(31));
        Assert.That(toc.IsStereo && toc.IsCelt, Is.True);
        Assert.That(toc.FrameCountCode, Is.Zero);
        Assert.That(OpusToc.TryParse([], out _), Is.False);
    }
}
