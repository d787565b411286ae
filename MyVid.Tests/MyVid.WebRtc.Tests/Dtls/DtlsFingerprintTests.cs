using System.Security.Cryptography;
using MyVid.WebRtc.Dtls;

namespace MyVid.WebRtc.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    [Test]
    public void Rfc8122_sha256_fingerprint_formats_as_upper_case_colon_separated_hex()
    {
        byte[] der = [1, 2, 3];
        string expected = "sha-256 " + string.Join(':', SHA256.HashData(der).Select(b => b.ToString("X2", null)));

        Assert.That(DtlsFingerprint.Compute(der, HashAlgorithmName.SHA256).ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Certificate_fingerprint_is_sha256_of_its_der_and_round_trips_through_sdp()
    {
        DtlsCertificate certificate = DtlsCertificate.Create(DateTimeOffset.UtcNow);
        string sdp = certificate.Fingerprint.ToString();

        Assert.Multiple(() =>
        {
            Assert.That(sdp, Does.Match("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$"));
            Assert.That(certificate.Fingerprint.Digest.ToArray(), Is.EqualTo(SHA256.HashData(certificate.Der)));
            Assert.That(DtlsFingerprint.TryParse(sdp, out DtlsFingerprint? parsed), Is.True);
            Assert.That(parsed, Is.EqualTo(certificate.Fingerprint));
            Assert.That(parsed!.Matches(certificate.Der), Is.True);
        });
    }

    [TestCase("sha-1", 20)]
    [TestCase("SHA-256", 32)]
    [TestCase("sha-384", 48)]
    [TestCase("sha-512", 64)]
    public void Parses_every_hash_in_any_case_and_matches_the_certificate(string hashName, int length)
    {
        byte[] der = [0x30, 0x03, 0x02, 0x01, 0x05];
        HashAlgorithmName algorithm = length switch
        {
            20 => HashAlgorithmName.SHA1,
            32 => HashAlgorithmName.SHA256,
            48 => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
        string hex = string.Join(':', DtlsFingerprint.Compute(der, algorithm).Digest.ToArray().Select(b => b.ToString("x2", null)));

        Assert.Multiple(() =>
        {
            Assert.That(DtlsFingerprint.TryParse($"  {hashName}  {hex} ", out DtlsFingerprint? parsed), Is.True);
            Assert.That(parsed!.Algorithm, Is.EqualTo(algorithm));
            Assert.That(parsed.Digest.Length, Is.EqualTo(length));
            Assert.That(parsed.Matches(der), Is.True);
            Assert.That(parsed.Matches([0x30, 0x03, 0x02, 0x01, 0x06]), Is.False);
        });
    }

    [TestCase("")]
    [TestCase("sha-256")]
    [TestCase("sha-256 ")]
    [TestCase("md5 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")]
    [TestCase("sha-1 AB:CD")]
    [TestCase("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:0G")]
    [TestCase("sha-1 AB-CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01")]
    [TestCase("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:")]
    [TestCase("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01")]
    public void Rejects_malformed_values(string value)
    {
        Assert.Multiple(() =>
        {
            Assert.That(DtlsFingerprint.TryParse(value, out DtlsFingerprint? parsed), Is.False);
            Assert.That(parsed, Is.Null);
        });
    }

    [Test]
    public void Equality_needs_the_same_hash_and_digest()
    {
        byte[] der = [9, 9, 9];
        DtlsFingerprint sha256 = DtlsFingerprint.Compute(der, HashAlgorithmName.SHA256);

        Assert.Multiple(() =>
        {
            Assert.That(sha256, Is.EqualTo(DtlsFingerprint.Compute(der, HashAlgorithmName.SHA256)));
            Assert.That(sha256.GetHashCode(), Is.EqualTo(DtlsFingerprint.Compute(der, HashAlgorithmName.SHA256).GetHashCode()));
            Assert.That(sha256, Is.Not.EqualTo(DtlsFingerprint.Compute([9, 9, 8], HashAlgorithmName.SHA256)));
            Assert.That(sha256, Is.Not.EqualTo(DtlsFingerprint.Compute(der, HashAlgorithmName.SHA512)));
        });
    }

    [TestCase(new byte[] { 19 }, false)]
    [TestCase(new byte[] { 20 }, true)]
    [TestCase(new byte[] { 63 }, true)]
    [TestCase(new byte[] { 64 }, false)]
    [TestCase(new byte[0], false)]
    public void Rfc7983_dtls_is_first_byte_20_to_63(byte[] datagram, bool isDtls) =>
        Assert.That(DtlsRecord.IsDtls(datagram), Is.EqualTo(isDtls));
}
