using MyVid.WebRtc.Srtp;

namespace MyVid.WebRtc.Tests.Srtp;

/// <summary>
/// RFC 7714 §16 (SRTP) and §17 (SRTCP) vectors. They are given in session keys, so the contexts here are
/// built below key derivation, which <see cref="Rfc3711VectorTests"/> covers.
/// </summary>
public sealed class Rfc7714VectorTests
{
    private const string Key128 = "000102030405060708090a0b0c0d0e0f";
    private const string Key256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string Salt = "517569642070726f2071756f";

    private const string Rtp =
        "8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";

    private const string Rtcp =
        "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

    private const uint SrtcpIndex = 0x5d4;

    [TestCase(Key128,
        "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce",
        TestName = "Rfc7714_16_1_aead_aes_128_gcm_rtp")]
    [TestCase(Key256,
        "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13",
        TestName = "Rfc7714_16_2_aead_aes_256_gcm_rtp")]
    public void Rfc7714_16_rtp_protects_and_unprotects_to_the_vector(string key, string protectedHex)
    {
        using var sender = CreateContext(key);
        using var receiver = CreateContext(key);
        var buffer = new byte[200];
        var plain = Convert.FromHexString(Rtp);
        plain.CopyTo(buffer, 0);

        Assert.That(sender.TryProtectRtp(buffer, plain.Length, out var protectedLength), Is.True);
        Assert.That(Convert.ToHexString(buffer, 0, protectedLength), Is.EqualTo(protectedHex).IgnoreCase);

        var packet = Convert.FromHexString(protectedHex);
        Assert.That(receiver.TryUnprotectRtp(packet, out var plainLength), Is.True);
        Assert.That(Convert.ToHexString(packet, 0, plainLength), Is.EqualTo(Rtp).IgnoreCase);
    }

    [TestCase(Key128,
        "81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4",
        TestName = "Rfc7714_17_1_aead_aes_128_gcm_rtcp")]
    [TestCase(Key256,
        "81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4",
        TestName = "Rfc7714_17_2_aead_aes_256_gcm_rtcp")]
    public void Rfc7714_17_rtcp_protects_and_unprotects_to_the_vector(string key, string protectedHex)
    {
        // The vector's SRTCP index is 0x5d4, so protection is checked on the cipher with that index.
        using var cipher = SrtpCipher.Create(ProfileFor(key), Convert.FromHexString(key), Convert.FromHexString(Salt), []);
        var plain = Convert.FromHexString(Rtcp);
        var buffer = new byte[plain.Length + 20];
        plain.CopyTo(buffer, 0);
        cipher.ProtectRtcp(buffer, plain.Length, 0x4d617273, SrtcpIndex);
        Assert.That(Convert.ToHexString(buffer), Is.EqualTo(protectedHex).IgnoreCase);

        using var receiver = CreateContext(key);
        var packet = Convert.FromHexString(protectedHex);
        Assert.That(receiver.TryUnprotectRtcp(packet, out var plainLength), Is.True);
        Assert.That(Convert.ToHexString(packet, 0, plainLength), Is.EqualTo(Rtcp).IgnoreCase);
    }

    [Test]
    public void Rfc7714_17_3_rtcp_authenticated_but_not_encrypted_is_accepted()
    {
        using var receiver = CreateContext(Key128);
        var packet = Convert.FromHexString(Rtcp + "841dd9683dd78ec92ae58790125f62b3000005d4");

        Assert.That(receiver.TryUnprotectRtcp(packet, out var plainLength), Is.True);
        Assert.That(Convert.ToHexString(packet, 0, plainLength), Is.EqualTo(Rtcp).IgnoreCase);
    }

    [Test]
    public void Rfc7714_17_3_rtcp_with_a_wrong_tag_is_refused()
    {
        using var receiver = CreateContext(Key128);
        var packet = Convert.FromHexString(Rtcp + "841dd9683dd78ec92ae58790125f62b4000005d4");

        Assert.That(receiver.TryUnprotectRtcp(packet, out _), Is.False);
    }

    private static SrtpProfile ProfileFor(string key) =>
        key.Length == 64 ? SrtpProfile.AeadAes256Gcm : SrtpProfile.AeadAes128Gcm;

    private static SrtpContext CreateContext(string key)
    {
        var profile = ProfileFor(key);
        var keyBytes = Convert.FromHexString(key);
        var salt = Convert.FromHexString(Salt);
        return new SrtpContext(
            profile, SrtpCipher.Create(profile, keyBytes, salt, []), SrtpCipher.Create(profile, keyBytes, salt, []), 128);
    }
}
