using System.Globalization;

namespace MyVid.WebRtc.Sdp;

/// <summary>
/// RFC 6184 §8.1 profile-level-id: three hex bytes profile_idc, profile-iop (constraint flags) and level_idc.
/// Two H.264 formats interoperate when their profiles are the same (§8.2.2); the level is then negotiated.
/// </summary>
internal readonly record struct H264ProfileLevelId(byte ProfileIdc, byte ProfileIop, byte Level)
{
    /// <summary>
    /// Without profile-level-id, RFC 6184 means Baseline level 1.0; Chromium reads Constrained Baseline 3.1 instead,
    /// and browsers are what MyVid talks to.
    /// </summary>
    public static readonly H264ProfileLevelId Default = new(0x42, 0xE0, 0x1F);

    public static bool TryParse(string? text, out H264ProfileLevelId value)
    {
        if (text is null)
        {
            value = Default;
            return true;
        }

        value = default;
        if (text.Length != 6 || !uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
        {
            return false;
        }

        value = new H264ProfileLevelId((byte)(bits >> 16), (byte)(bits >> 8), (byte)bits);
        return true;
    }

    /// <summary>
    /// The profile these bytes signal, per RFC 6184 Table 5: constraint_set flags turn Baseline, Main and Extended
    /// streams into Constrained Baseline, and High with set4+set5 into Constrained High.
    /// </summary>
    public string Profile
    {
        get
        {
            var set0 = (ProfileIop & 0x80) != 0;
            var set1 = (ProfileIop & 0x40) != 0;
            return ProfileIdc switch
            {
                0x42 => set1 ? "constrained-baseline" : "baseline",
                0x4D => set0 ? "constrained-baseline" : "main",
                0x58 when set0 && set1 => "constrained-baseline",
                0x58 when set0 => "baseline",
                0x64 when (ProfileIop & 0x0C) == 0x0C => "constrained-high",
                0x64 => "high",
                _ => string.Create(CultureInfo.InvariantCulture, $"{ProfileIdc:x2}{ProfileIop:x2}"),
            };
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ProfileIdc:x2}{ProfileIop:x2}{Level:x2}");
}
