namespace MyVid.Catalog.Import;

/// <summary>What an import did: counts, and for each skipped event why.</summary>
internal sealed class ImportReport
{
    public int Imported { get; internal set; }

    public int Updated { get; internal set; }

    public int Unchanged { get; internal set; }

    public List<string> Skipped { get; } = [];

    public override string ToString() =>
        $"imported {Imported}, updated {Updated}, unchanged {Unchanged}, skipped {Skipped.Count}";
}
