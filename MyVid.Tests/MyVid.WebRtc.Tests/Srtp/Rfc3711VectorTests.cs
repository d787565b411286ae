using MyVid.WebRtc.Srtp;

namespace MyVid.WebRtc.Tests.Srtp;

/// <summary>RFC 3711 Appendix B: the AES-CM keystream (B.2) and the key derivation (B.3) vectors.</summary>
public sealed class Rfc3711VectorTests
{
    [Test]
    public void Rfc3711_B2_aes_cm_keystream_matches_the_listed_blocks()
    {
        using var ctr = new AesCounterMode(Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C"));
        // Session salt F0..FD, SSRC 0, index 0: the IV is the salt shifted up 16 bits.
        var iv = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var keystream = new byte[0xFF02 * 16];

        ctr.Apply(iv, keystream);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Block(keystream, 0x0000), Is.EqualTo("E03EAD0935C95E80E166B16DD92B4EB4"));
            Assert.That(Block(keystream, 0x0001), Is.EqualTo("D23513162B02D0F72A43A2FE4A5F97AB"));
            Assert.That(Block(keystream, 0x0002), Is.EqualTo("41E95B3BB0A2E8DD477901E4FCA894C0"));
            Assert.That(Block(keystream, 0xFEFF), Is.EqualTo("EC8CDF7398607CB0F2D21675EA9EA1E4"));
            Assert.That(Block(keystream, 0xFF00), Is.EqualTo("362B7C3C6773516318A077D7FC5073AE"));
            Assert.That(Block(keystream, 0xFF01), Is.EqualTo("6A2CC3787889374FBEB4C81B17BA6C44"));
        }
    }

    [Test]
    public void Rfc3711_B3_key_derivation_gives_the_listed_session_keys()
    {
        using var prf = new AesCounterMode(Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139"));
        var masterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");
        var cipherKey = new byte[16];
        var cipherSalt = new byte[14];
        var authKey = new byte[94];

        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpEncryption, cipherKey);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpSalt, cipherSalt);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpAuthentication, authKey);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Convert.ToHexString(cipherKey), Is.EqualTo("C61E7A93744F39EE10734AFE3FF7A087"));
            Assert.That(Convert.ToHexString(cipherSalt), Is.EqualTo("30CBBC08863D8C85D49DB34A9AE1"));
            Assert.That(Convert.ToHexString(authKey), Is.EqualTo(
                "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE"
                + "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25"
                + "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2"));
        }
    }

    private static string Block(byte[] keystream, int index) => Convert.ToHexString(keystream, index * 16, 16);
}
