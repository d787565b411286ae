using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyVid.Catalog.Persistence.Migrations.MariaDb
{
    /// <inheritdoc />
    internal partial class SearchTermIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "VideoTerms",
                columns: table => new
                {
                    Field = table.Column<byte>(type: "tinyint unsigned", nullable: false),
                    Term = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false, collation: "utf8mb4_bin")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    TitleLength = table.Column<short>(type: "smallint", nullable: false),
                    RandomKey = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VideoTerms", x => new { x.Field, x.Term, x.TitleLength, x.RandomKey });
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "VideoWords",
                columns: table => new
                {
                    RandomKey = table.Column<long>(type: "bigint", nullable: false),
                    TitleLength = table.Column<short>(type: "smallint", nullable: false),
                    TitleWords = table.Column<string>(type: "varchar(1000)", maxLength: 1000, nullable: false, collation: "utf8mb4_bin")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    AllWords = table.Column<string>(type: "longtext", nullable: false, collation: "utf8mb4_bin")
                        .Annotation("MySql:CharSet", "utf8mb4")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VideoWords", x => x.RandomKey);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "VideoTerms");

            migrationBuilder.DropTable(
                name: "VideoWords");
        }
    }
}
