using Bogus;

namespace MyVid.Bench.Catalog;

/// <summary>One row of the Videos table, as the host's migrations define it.</summary>
internal sealed record VideoRecord(
    string Id, int Kind, int Visibility, string Title, string Description, string Speakers, string Tags,
    string? Url, string? PreviewUrl, string? VideoObjectKey, string? PreviewObjectKey, string? ControlUrl, string? StreamId,
    string? ExternalId, double? DurationSeconds, long RandomKey, DateTime CreatedAtUtc);

/// <summary>
/// Conference-talk-like videos, deterministic for a seed. Titles and tags draw topic words with a Zipf-like skew
/// (a few topics are common, most are rare), descriptions are English-looking sentences from Bogus, speakers are
/// English and German names. Searches built from the same words therefore hit a realistic spread of result counts.
/// </summary>
internal sealed class VideoGenerator
{
    /// <summary>Which vocabulary titles, descriptions, tags and queries draw from.</summary>
    public enum Corpus
    {
        /// <summary>About 250 topic words (the first benchmark's corpus): one word matches up to 75 % of the catalogue. A worst case.</summary>
        Topics,

        /// <summary>Zipf-distributed words over the real CCC vocabulary (see <see cref="ZipfVocabulary"/>): text-like document frequencies.</summary>
        Zipf,
    }

    // The vocabulary a CCC-like catalogue talks about: common topics first (they are drawn most often).
    private static readonly string[] Topics =
    [
        "security", "linux", "privacy", "hacking", "network", "open", "source", "kernel", "crypto", "encryption",
        "web", "hardware", "data", "free", "software", "internet", "freedom", "surveillance", "democracy", "climate",
        "python", "rust", "kubernetes", "docker", "firmware", "android", "wireless", "radio", "satellite", "space",
        "reverse", "engineering", "exploit", "fuzzing", "malware", "forensics", "blockchain", "bitcoin", "tor", "vpn",
        "ipv6", "dns", "tls", "bgp", "routing", "mesh", "wifi", "bluetooth", "lora", "sdr",
        "fpga", "risc", "arm", "x86", "microcontroller", "arduino", "raspberry", "3d", "printing", "robotics",
        "ai", "machine", "learning", "neural", "llm", "ethics", "law", "copyright", "patents", "activism",
        "education", "science", "physics", "biology", "medicine", "health", "energy", "solar", "mobility", "trains",
        "voting", "elections", "government", "policy", "europe", "art", "music", "games", "retro", "demoscene",
        "c64", "amiga", "emulation", "compiler", "llvm", "gcc", "haskell", "ocaml", "erlang", "elixir",
        "go", "javascript", "typescript", "webassembly", "browser", "firefox", "chromium", "email", "pgp", "signal",
        "matrix", "xmpp", "mastodon", "fediverse", "activitypub", "wikipedia", "openstreetmap", "maps", "gps", "drones",
        "smartcard", "nfc", "rfid", "sim", "gsm", "lte", "5g", "baseband", "iot", "smarthome",
        "automotive", "can", "bus", "avionics", "ics", "scada", "power", "grid", "water", "infrastructure",
        "postgres", "sqlite", "mariadb", "database", "storage", "ceph", "zfs", "btrfs", "filesystem", "backup",
        "nix", "guix", "debian", "fedora", "arch", "bsd", "openbsd", "systemd", "wayland", "kde",
        "gnome", "accessibility", "usability", "design", "typography", "fonts", "unicode", "localization", "community", "diversity",
        "feminism", "queer", "labour", "economics", "capitalism", "sustainability", "repair", "ewaste", "makerspace", "hackerspace",
        "lockpicking", "physical", "social", "phishing", "osint", "journalism", "leaks", "whistleblowing", "censorship", "propaganda",
        "datenschutz", "überwachung", "sicherheit", "küche", "gesellschaft", "freiheit", "öffentlichkeit", "bürgerrechte", "grundrechte", "netzpolitik",
        "quantum", "post", "lattice", "side", "channel", "spectre", "rowhammer", "glitching", "tamper", "secure",
        "boot", "uefi", "tpm", "enclave", "sgx", "trustzone", "hypervisor", "virtualization", "containers", "sandbox",
    ];

    private static readonly string[] Conferences = ["36c3", "37c3", "38c3", "gpn22", "camp2023", "mch2022", "froscon", "fosdem", "datenspuren", "eh22"];

    private const string IdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly int _seed;
    private readonly double[] _cumulative;
    private readonly ZipfVocabulary? _zipf;

    public VideoGenerator(int seed, Corpus corpus = Corpus.Topics)
    {
        _seed = seed;
        _zipf = corpus == Corpus.Zipf ? ZipfVocabulary.Load() : null;
        _cumulative = new double[Topics.Length];
        var sum = 0.0;
        for (var i = 0; i < Topics.Length; i++)
        {
            sum += 1.0 / Math.Pow(i + 1, 0.7);
            _cumulative[i] = sum;
        }
        for (var i = 0; i < _cumulative.Length; i++)
        {
            _cumulative[i] /= sum;
        }
    }

    private string Topic(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        return Topics[Math.Min(index < 0 ? ~index : index, Topics.Length - 1)];
    }

    private static string Capitalise(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>Ids come sorted (byte order, as MariaDB's ascii_bin compares them) so inserts append to the primary key.</summary>
    public IEnumerable<VideoRecord> Generate(int count)
    {
        var random = new Random(_seed);
        Randomizer.Seed = new Random(_seed);
        var en = new Faker("en");
        var de = new Faker("de");
        var ids = new HashSet<string>(count, StringComparer.Ordinal);
        Span<char> buffer = stackalloc char[10];
        while (ids.Count < count)
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = IdAlphabet[random.Next(IdAlphabet.Length)];
            }
            ids.Add(new string(buffer));
        }
        var sorted = ids.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var randomKeys = new HashSet<long>(count);
        var epoch = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var id in sorted)
        {
            long randomKey;
            do
            {
                randomKey = random.NextInt64(1L << 62);
            }
            while (!randomKeys.Add(randomKey));
            yield return Make(id, randomKey, random, en, de, epoch);
        }
    }

    private VideoRecord Make(string id, long randomKey, Random random, Faker en, Faker de, DateTime epoch)
    {
        var (title, description, tags) = _zipf is null ? TopicText(random, en) : ZipfText(_zipf, random);
        var speakerCount = 1 + random.Next(3);
        var speakers = string.Join(' ', Enumerable.Range(0, speakerCount).Select(_ => (random.Next(10) < 7 ? en : de).Name.FullName()));
        var visibility = random.Next(100) < 98 ? 1 : 0;
        var kindRoll = random.Next(100);
        var duration = (double)(300 + random.Next(5100));
        var created = epoch.AddSeconds(random.NextInt64(10L * 365 * 24 * 3600));
        return kindRoll switch
        {
            < 75 => new VideoRecord(id, 0, visibility, title, description, speakers, tags,
                $"https://cdn.media.ccc.de/congress/{created.Year}/h264-hd/{id}-hd.mp4",
                $"https://static.media.ccc.de/media/congress/{created.Year}/{id}.jpg",
                null, null, null, null, $"ccc:{new Guid(random.GetItems<byte>(IdBytes, 16))}", duration, randomKey, created),
            < 99 => new VideoRecord(id, 1, visibility, title, description, speakers, tags,
                null, null, $"{id}/video.mp4", $"{id}/preview.jpg", null, null, null, duration, randomKey, created),
            _ => new VideoRecord(id, 2, visibility, title, description, speakers, tags,
                null, null, null, null, "https://media1.myvid.example/live/control", $"stream-{id}", null, null, randomKey, created),
        };
    }

    /// <summary>
    /// Text as prose is made: every word drawn from the Zipf distribution, so function words ("the", "und") are in
    /// nearly every description and a content word's share falls with its rank. Titles 3-9 words, descriptions
    /// 25-60 words (about the old corpus's 315 characters), tags 2-4 words below the 100 most common.
    /// </summary>
    private static (string Title, string Description, string Tags) ZipfText(ZipfVocabulary zipf, Random random)
    {
        var title = Capitalise(string.Join(' ', Enumerable.Range(0, 3 + random.Next(7)).Select(_ => zipf.Draw(random))));
        var description = Capitalise(string.Join(' ', Enumerable.Range(0, 25 + random.Next(36)).Select(_ => zipf.Draw(random)))) + ".";
        var tags = string.Join(' ', Enumerable.Range(0, 2 + random.Next(3)).Select(_ => zipf.Draw(random, skip: 100))
            .Append(Conferences[random.Next(Conferences.Length)]).Distinct());
        return (title, description, tags);
    }

    private (string Title, string Description, string Tags) TopicText(Random random, Faker en)
    {
        var topic1 = Topic(random);
        var topic2 = Topic(random);
        var title = random.Next(4) switch
        {
            0 => $"{Capitalise(topic1)} {en.Hacker.Noun()}: {en.Company.CatchPhrase()}",
            1 => $"{Capitalise(en.Hacker.IngVerb())} the {topic1} {en.Hacker.Noun()}",
            2 => $"{Capitalise(topic1)} and {topic2} in {2015 + random.Next(11)}",
            _ => $"{Capitalise(en.Hacker.Adjective())} {topic1} for {topic2} {en.Hacker.Noun()}s",
        };
        var description = string.Join(' ',
            en.Hacker.Phrase(),
            $"This talk covers {Topic(random)} and {Topic(random)}.",
            en.Company.CatchPhrase() + ".",
            en.Hacker.Phrase(),
            en.Lorem.Sentence(8, 8));
        var tags = string.Join(' ', Enumerable.Range(0, 2 + random.Next(3)).Select(_ => Topic(random)).Append(Conferences[random.Next(Conferences.Length)]).Distinct());
        return (title, description, tags);
    }

    private static readonly byte[] IdBytes = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();

    /// <summary>
    /// The search mix: 40 % one topic word (popular topics more often), 20 % two topic words, 15 % a 4-6 letter prefix
    /// of a topic word as typed so far, 10 % a speaker's surname, 10 % a word of the Bogus hacker vocabulary in every
    /// description (common), 5 % a word in no video. With the Zipf corpus a "topic word" is a Zipf draw below the
    /// 30 most common words (people search for content words, not "the").
    /// </summary>
    public IEnumerable<string> Queries(int count)
    {
        var random = new Random(_seed + 1);
        Randomizer.Seed = new Random(_seed + 1);
        var en = new Faker("en");
        var de = new Faker("de");
        string Word() => _zipf is null ? Topic(random) : _zipf.Draw(random, skip: 30);
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            yield return roll switch
            {
                < 40 => Word(),
                < 60 => $"{Word()} {Word()}",
                < 75 => Prefix(Word(), random),
                < 85 => (random.Next(10) < 7 ? en : de).Name.LastName(),
                < 95 => en.Hacker.Noun(),
                _ => new string(random.GetItems<char>("bcdfghjklmnpqrstvwxz", 9)),
            };
        }
    }

    private static string Prefix(string word, Random random) =>
        word.Length <= 4 ? word : word[..Math.Min(word.Length, 4 + random.Next(3))];
}
