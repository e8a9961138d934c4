// The PNG frames as one stored .zip: CRC-32's check value, and an archive that holds exactly the frames a directory
// export writes (read back by Python's zipfile in zip_check.py).
#include <gtest/gtest.h>

#include <string_view>

#include "convarith/export.hpp"
#include "convarith/scene/presets.hpp"
#include "test_util.hpp"
#include "zip_writer.hpp"

namespace convarith {
namespace {

using test::TempDir;

std::span<const uint8_t> Bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

uint32_t U32At(const std::vector<uint8_t>& b, size_t at) {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (static_cast<uint32_t>(b[at + 3]) << 24);
}

TEST(Zip, Crc32CheckValues) {
  EXPECT_EQ(Crc32(Bytes("123456789")), 0xCBF43926u);  // the catalogue's check value for CRC-32/ISO-HDLC
  EXPECT_EQ(Crc32(Bytes("")), 0u);
  EXPECT_EQ(Crc32(Bytes("The quick brown fox jumps over the lazy dog")), 0x414FA339u);
}

TEST(Zip, StoredEntriesAreTheBytesThemselves) {
  const std::vector<uint8_t> zip = StoredZip({{"a.txt", {'h', 'i'}}, {"b/c.txt", {}}});
  EXPECT_EQ(U32At(zip, 0), 0x04034b50u);                          // the first local header
  EXPECT_EQ(std::string(zip.begin() + 30, zip.begin() + 35), "a.txt");
  EXPECT_EQ(std::string(zip.begin() + 35, zip.begin() + 37), "hi");  // stored: the bytes as they are
  EXPECT_EQ(U32At(zip, 14), Crc32(Bytes("hi")));
  EXPECT_EQ(U32At(zip, zip.size() - 22), 0x06054b50u);            // the end record, no comment
  EXPECT_EQ(zip[zip.size() - 12], 2);                               // two entries
  EXPECT_EQ(StoredZip({{"x", {1, 2, 3}}}), StoredZip({{"x", {1, 2, 3}}}));  // no clock in it: the same bytes
}

TEST(Zip, ExportWritesTheFramesOfADirectoryExportInOneFile) {
  TempDir dir;
  const Preset* p = FindPreset("fig2.6");
  ASSERT_NE(p, nullptr);
  const Computation c = Recompute(p->config, p->input, p->weight, p->bias);
  ExportOptions o;
  o.format = ExportFormat::Png;
  o.cell_px = 12;
  o.out = dir / "frames";
  const ExportResult frames = Export(c, o);
  o.zip = true;
  o.out = dir / "frames.zip";
  const ExportResult zipped = Export(c, o);
  EXPECT_EQ(zipped.files, std::vector<std::string>{o.out});
  EXPECT_TRUE(zipped.directories.empty());
  EXPECT_EQ(zipped.frames, 9);
  const std::vector<uint8_t> zip = test::ReadFile(o.out);
  size_t at = 0;
  for (const std::string& file : frames.files) {  // each frame's local header, name and bytes, in order
    const std::vector<uint8_t> png = test::ReadFile(file);
    const std::string name = file.substr(file.rfind('/') + 1);
    ASSERT_EQ(U32At(zip, at), 0x04034b50u) << name;
    ASSERT_EQ(std::string(zip.begin() + static_cast<long>(at) + 30, zip.begin() + static_cast<long>(at + 30 + name.size())), name);
    const size_t data = at + 30 + name.size();
    EXPECT_EQ(std::vector<uint8_t>(zip.begin() + static_cast<long>(data), zip.begin() + static_cast<long>(data + png.size())), png);
    at = data + png.size();
  }
  EXPECT_EQ(U32At(zip, at), 0x02014b50u);  // then the central directory
}

TEST(Zip, ACancelledZipExportLeavesTheUsersFile) {
  TempDir dir;
  const Preset* p = FindPreset("fig2.6");
  const Computation c = Recompute(p->config, p->input, p->weight, p->bias);
  const std::string out = dir / "mine.zip";
  {
    std::FILE* f = std::fopen(out.c_str(), "wb");
    std::fputs("the user's file", f);
    std::fclose(f);
  }
  ExportOptions o;
  o.format = ExportFormat::Png;
  o.zip = true;
  o.out = out;
  EXPECT_THROW(Export(c, o, [](int done, int) { return done < 3; }), ExportError);
  EXPECT_EQ(test::ReadText(out), "the user's file");
  EXPECT_EQ(test::ListDir(dir.path()), std::vector<std::string>{"mine.zip"});
}

}  // namespace
}  // namespace convarith
