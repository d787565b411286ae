using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace MyVid.WebRtc.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): the keystream is AES over IV + i, where only the
/// low 16 bits of the IV count. Built on a reused ECB transform because <c>Aes.EncryptEcb</c> allocates per call.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    /// <summary>The 16-bit block counter bounds one keystream to 2^16 blocks.</summary>
    public const int MaxLength = 65536 * BlockSize;

    private const int BlockSize = 16;
    /// <summary>
    /// Keystream made per ECB call: enough for any payload under a 1500-byte MTU, since each call costs a fixed
    /// ~100 ns through OpenSSL 3 whatever its length (a 1,200-byte packet took 3 calls at 32 blocks, 1 now).
    /// </summary>
    private const int ChunkLength = 96 * BlockSize;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[ChunkLength];
    private readonly byte[] _keystream = new byte[ChunkLength];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream that starts at counter block <paramref name="iv"/> into <paramref name="data"/>.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (data.Length > MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(data), "SRTP keystreams are limited to 2^16 blocks.");
        }

        var counter = BinaryPrimitives.ReadUInt16BigEndian(iv[14..]);
        while (!data.IsEmpty)
        {
            var length = Math.Min(data.Length, ChunkLength);
            var blocks = (length + BlockSize - 1) / BlockSize;
            for (var b = 0; b < blocks; b++)
            {
                var block = _counters.AsSpan(b * BlockSize, BlockSize);
                iv[..14].CopyTo(block);
                BinaryPrimitives.WriteUInt16BigEndian(block[14..], counter++);
            }

            _ecb.TransformBlock(_counters, 0, blocks * BlockSize, _keystream, 0);
            Xor(data[..length], _keystream);
            data = data[length..];
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        var i = 0;
        for (; i <= data.Length - Vector<byte>.Count; i += Vector<byte>.Count)
        {
            (new Vector<byte>(data[i..]) ^ new Vector<byte>(keystream[i..])).CopyTo(data[i..]);
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }
}
