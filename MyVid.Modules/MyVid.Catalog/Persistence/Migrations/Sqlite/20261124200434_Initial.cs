using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyVid.Catalog.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Videos",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Visibility = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Speakers = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    PreviewUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    VideoObjectKey = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    PreviewObjectKey = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    ControlUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    StreamId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DurationSeconds = table.Column<double>(type: "REAL", nullable: true),
                    RandomKey = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Videos", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Videos_ExternalId",
                table: "Videos",
                column: "ExternalId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Videos_RandomKey",
                table: "Videos",
                column: "RandomKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Videos_Visibility_RandomKey",
                table: "Videos",
                columns: new[] { "Visibility", "RandomKey" });

            // Full-text search (not expressible in EF's model): an FTS5 table whose rowid is the video's RandomKey,
            // case- and accent-insensitive (unicode61 folds case; remove_diacritics 2 makes "Küche" match "kuche"),
            // kept in step with Videos by triggers so no code path can forget it.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE VideoSearch USING fts5(
                    Title, Description, Speakers, Tags,
                    tokenize = 'unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Videos_SearchInsert AFTER INSERT ON Videos BEGIN
                    INSERT INTO VideoSearch(rowid, Title, Description, Speakers, Tags)
                    VALUES (new.RandomKey, new.Title, new.Description, new.Speakers, new.Tags);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Videos_SearchDelete AFTER DELETE ON Videos BEGIN
                    DELETE FROM VideoSearch WHERE rowid = old.RandomKey;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Videos_SearchUpdate AFTER UPDATE OF Title, Description, Speakers, Tags, RandomKey ON Videos BEGIN
                    DELETE FROM VideoSearch WHERE rowid = old.RandomKey;
                    INSERT INTO VideoSearch(rowid, Title, Description, Speakers, Tags)
                    VALUES (new.RandomKey, new.Title, new.Description, new.Speakers, new.Tags);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE VideoSearch;");
            migrationBuilder.DropTable(
                name: "Videos");
        }
    }
}
