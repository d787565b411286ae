using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyVid.Catalog.Persistence.Migrations.Sqlite
{
    /// <summary>
    /// A second FTS5 table over titles only, for the first tier of bounded search (see SqliteVideoSearch): title
    /// doclists are far shorter than the four-column ones, so "the first N title matches" is cheap even for
    /// common words. prefix = '2 3' indexes 2- and 3-letter prefixes, so a short prefix ("li"*) reads one list
    /// instead of merging every title word that starts with it. Filled from Videos, then kept by triggers like
    /// VideoSearch.
    /// </summary>
    internal partial class TitleSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE VideoTitleSearch USING fts5(
                    Title,
                    tokenize = 'unicode61 remove_diacritics 2',
                    prefix = '2 3');
                """);
            migrationBuilder.Sql("INSERT INTO VideoTitleSearch(rowid, Title) SELECT RandomKey, Title FROM Videos;");
            migrationBuilder.Sql("INSERT INTO VideoTitleSearch(VideoTitleSearch) VALUES ('optimize');");
            migrationBuilder.Sql("""
                CREATE TRIGGER Videos_TitleSearchInsert AFTER INSERT ON Videos BEGIN
                    INSERT INTO VideoTitleSearch(rowid, Title) VALUES (new.RandomKey, new.Title);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Videos_TitleSearchDelete AFTER DELETE ON Videos BEGIN
                    DELETE FROM VideoTitleSearch WHERE rowid = old.RandomKey;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Videos_TitleSearchUpdate AFTER UPDATE OF Title, RandomKey ON Videos BEGIN
                    DELETE FROM VideoTitleSearch WHERE rowid = old.RandomKey;
                    INSERT INTO VideoTitleSearch(rowid, Title) VALUES (new.RandomKey, new.Title);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER Videos_TitleSearchUpdate;");
            migrationBuilder.Sql("DROP TRIGGER Videos_TitleSearchDelete;");
            migrationBuilder.Sql("DROP TRIGGER Videos_TitleSearchInsert;");
            migrationBuilder.Sql("DROP TABLE VideoTitleSearch;");
        }
    }
}
