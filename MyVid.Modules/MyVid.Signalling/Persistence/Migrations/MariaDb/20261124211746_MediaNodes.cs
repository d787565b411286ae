using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyVid.Signalling.Persistence.Migrations.MariaDb
{
    /// <inheritdoc />
    internal partial class MediaNodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EndpointId",
                table: "Nodes",
                type: "varchar(32)", maxLength: 32,
                nullable: true, unicode: false, collation: "utf8mb4_bin")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "Nodes",
                type: "varchar(64)", maxLength: 64,
                nullable: true, unicode: false, collation: "utf8mb4_bin")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "AdvertisedAddress",
                table: "Nodes",
                type: "varchar(100)", maxLength: 100,
                nullable: true, unicode: false, collation: "utf8mb4_bin")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<int>(
                name: "Capacity",
                table: "Nodes",
                type: "int",
                nullable: false, defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Streams",
                table: "Nodes",
                type: "int",
                nullable: false, defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Viewers",
                table: "Nodes",
                type: "int",
                nullable: false, defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EndpointId",
                table: "Nodes");
            migrationBuilder.DropColumn(
                name: "Name",
                table: "Nodes");
            migrationBuilder.DropColumn(
                name: "AdvertisedAddress",
                table: "Nodes");
            migrationBuilder.DropColumn(
                name: "Capacity",
                table: "Nodes");
            migrationBuilder.DropColumn(
                name: "Streams",
                table: "Nodes");
            migrationBuilder.DropColumn(
                name: "Viewers",
                table: "Nodes");
        }
    }
}
