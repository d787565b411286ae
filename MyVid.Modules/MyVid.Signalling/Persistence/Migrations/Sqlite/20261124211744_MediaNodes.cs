using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyVid.Signalling.Persistence.Migrations.Sqlite
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
                type: "TEXT", unicode: false, maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "Nodes",
                type: "TEXT", unicode: false, maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdvertisedAddress",
                table: "Nodes",
                type: "TEXT", unicode: false, maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Capacity",
                table: "Nodes",
                type: "INTEGER",
                nullable: false, defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Streams",
                table: "Nodes",
                type: "INTEGER",
                nullable: false, defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Viewers",
                table: "Nodes",
                type: "INTEGER",
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
