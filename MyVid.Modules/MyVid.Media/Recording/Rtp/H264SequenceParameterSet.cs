namespace MyVid.Media.Recording.Rtp;

/// <summary>The frame size an H.264 sequence parameter set gives (ITU-T H.264 §7.3.2.1.1), for the file's track header.</summary>
internal static class H264SequenceParameterSet
{
    /// <summary>Width and height in pixels after cropping; (0, 0) when the SPS cannot be read.</summary>
    public static (int Width, int Height) Size(ReadOnlySpan<byte> sps)
    {
        try
        {
            return Read(new BitReader(sps[1..]));
        }
        catch (InvalidDataException)
        {
            return (0, 0);
        }
    }

    private static (int Width, int Height) Read(BitReader r)
    {
        var profile = r.Bits(8);
        r.Bits(16); // constraint flags, level
        r.Golomb(); // seq_parameter_set_id
        var chromaFormat = 1;
        if (profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            chromaFormat = r.Golomb();
            if (chromaFormat == 3)
            {
                r.Bits(1); // separate_colour_plane_flag
            }
            r.Golomb(); // bit_depth_luma_minus8
            r.Golomb(); // bit_depth_chroma_minus8
            r.Bits(1); // qpprime_y_zero_transform_bypass_flag
            if (r.Bits(1) == 1)
            {
                for (var i = 0; i < (chromaFormat == 3 ? 12 : 8); i++)
                {
                    if (r.Bits(1) == 1)
                    {
                        SkipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.Golomb(); // log2_max_frame_num_minus4
        var pocType = r.Golomb();
        if (pocType == 0)
        {
            r.Golomb();
        }
        else if (pocType == 1)
        {
            r.Bits(1);
            r.SignedGolomb();
            r.SignedGolomb();
            var cycle = r.Golomb();
            for (var i = 0; i < cycle; i++)
            {
                r.SignedGolomb();
            }
        }
        r.Golomb(); // max_num_ref_frames
        r.Bits(1); // gaps_in_frame_num_value_allowed_flag
        var widthMbs = r.Golomb() + 1;
        var heightUnits = r.Golomb() + 1;
        var frameMbsOnly = r.Bits(1);
        if (frameMbsOnly == 0)
        {
            r.Bits(1); // mb_adaptive_frame_field_flag
        }
        r.Bits(1); // direct_8x8_inference_flag
        var width = widthMbs * 16;
        var height = (2 - frameMbsOnly) * heightUnits * 16;
        if (r.Bits(1) == 1)
        {
            // Cropping is in chroma samples: 2 luma samples for 4:2:0 (and vertically twice that for field coding).
            var cropX = chromaFormat is 1 or 2 ? 2 : 1;
            var cropY = (chromaFormat == 1 ? 2 : 1) * (2 - frameMbsOnly);
            width -= (r.Golomb() + r.Golomb()) * cropX;
            height -= (r.Golomb() + r.Golomb()) * cropY;
        }
        return (width, height);
    }

    private static void SkipScalingList(BitReader r, int size)
    {
        int last = 8, next = 8;
        for (var j = 0; j < size && next != 0; j++)
        {
            next = (last + r.SignedGolomb() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    /// <summary>Reads bits of an RBSP, skipping emulation prevention bytes (00 00 03).</summary>
    private sealed class BitReader(ReadOnlySpan<byte> nal)
    {
        private readonly byte[] _data = nal.ToArray();
        private int _byte;
        private int _bit;
        private int _zeros;

        public int Bits(int count)
        {
            var value = 0;
            for (var i = 0; i < count; i++)
            {
                if (_byte >= _data.Length)
                {
                    throw new InvalidDataException("The SPS ends early.");
                }
                if (_bit == 0 && _zeros >= 2 && _data[_byte] == 3)
                {
                    _byte++;
                    _zeros = 0;
                    if (_byte >= _data.Length)
                    {
                        throw new InvalidDataException("The SPS ends early.");
                    }
                }
                var b = _data[_byte];
                value = (value << 1) | ((b >> (7 - _bit)) & 1);
                if (++_bit == 8)
                {
                    _bit = 0;
                    _zeros = b == 0 ? _zeros + 1 : 0;
                    _byte++;
                }
            }
            return value;
        }

        public int Golomb()
        {
            var zeros = 0;
            while (Bits(1) == 0)
            {
                if (++zeros > 31)
                {
                    throw new InvalidDataException("Not an exp-Golomb code.");
                }
            }
            return (int)((1L << zeros) - 1 + Bits(zeros));
        }

        public int SignedGolomb()
        {
            var code = Golomb();
            return (code & 1) == 1 ? (code + 1) / 2 : -(code / 2);
        }
    }
}
