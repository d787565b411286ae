using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyVid.Catalog.Persistence.Migrations.MariaDb
{
    /// <inheritdoc />
    internal partial class LiveListing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Videos_Visibility_Kind_RandomKey",
                table: "Videos",
                columns: new[] { "Visibility", "Kind", "RandomKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Videos_Visibility_Kind_RandomKey",
                table: "Videos");
        }
    }
}
