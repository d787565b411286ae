using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyVid.Catalog.Persistence.Migrations.MariaDb
{
    /// <inheritdoc />
    internal partial class DropFullTextIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "FT_Videos_All",
                table: "Videos");

            migrationBuilder.DropIndex(
                name: "FT_Videos_Title",
                table: "Videos");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "FT_Videos_All",
                table: "Videos",
                columns: new[] { "Title", "Description", "Speakers", "Tags" })
                .Annotation("MySql:FullTextIndex", true);

            migrationBuilder.CreateIndex(
                name: "FT_Videos_Title",
                table: "Videos",
                column: "Title")
                .Annotation("MySql:FullTextIndex", true);
        }
    }
}
