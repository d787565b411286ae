using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyVid.Upload.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Uploads",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    VideoObjectKey = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    VideoContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PreviewObjectKey = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    PreviewContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    MultipartUploadId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    PartSize = table.Column<long>(type: "INTEGER", nullable: true),
                    PartCount = table.Column<int>(type: "INTEGER", nullable: true),
                    VideoBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Uploads", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Uploads_PublishedAtUtc_ExpiresAtUtc",
                table: "Uploads",
                columns: new[] { "PublishedAtUtc", "ExpiresAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Uploads");
        }
    }
}
