using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyVid.Catalog.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class RecordingCutShort : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CutShort",
                table: "Videos",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CutShort",
                table: "Videos");
        }
    }
}
