// A .zip archive of files stored as they are, in memory (PKWARE APPNOTE 6.3, no Zip64, no compression).
#include "zip_writer.hpp"

#include <array>
#include <limits>

#include "convarith/export.hpp"

namespace convarith {
namespace {

constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEndOfCentral = 0x06054b50;
constexpr uint16_t kVersion = 20;      // 2.0: what a reader needs for stored files in folders
constexpr uint16_t kUtf8Names = 0x0800;  // general purpose bit 11: the names are UTF-8
constexpr uint16_t kDosDate1980 = (0 << 9) | (1 << 5) | 1;  // 1980-01-01, the earliest DOS date; time 00:00

std::array<uint32_t, 256> MakeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t n = 0; n < 256; ++n) {
    uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}

class Bytes {
 public:
  void U16(uint32_t v) { for (int i = 0; i < 2; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i))); }
  void U32(uint32_t v) { for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i))); }
  void Append(std::span<const uint8_t> bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }
  void Append(const std::string& text) { out.insert(out.end(), text.begin(), text.end()); }
  std::vector<uint8_t> out;
};

// What the local header and the central directory share: version, flags, method, date, CRC, sizes, name length.
void CommonFields(Bytes& b, const ZipEntry& e, uint32_t crc) {
  b.U16(kVersion);
  b.U16(kUtf8Names);
  b.U16(0);  // stored
  b.U16(0);  // time 00:00:00
  b.U16(kDosDate1980);
  b.U32(crc);
  b.U32(static_cast<uint32_t>(e.bytes.size()));  // compressed size = size (stored)
  b.U32(static_cast<uint32_t>(e.bytes.size()));
  b.U16(static_cast<uint32_t>(e.name.size()));
  b.U16(0);  // no extra field
}

void CheckLimits(const std::vector<ZipEntry>& entries) {
  constexpr uint64_t kMax32 = std::numeric_limits<uint32_t>::max();
  if (entries.size() >= std::numeric_limits<uint16_t>::max()) {
    throw ExportError("a zip holds at most 65534 files here, got " + std::to_string(entries.size()));
  }
  uint64_t total = 22;
  for (const ZipEntry& e : entries) {
    if (e.name.empty() || e.name.size() >= std::numeric_limits<uint16_t>::max()) {
      throw ExportError("a zip entry's name must have 1 to 65534 bytes");
    }
    total += 30 + 46 + 2 * e.name.size() + e.bytes.size();
  }
  if (total > kMax32) throw ExportError("the zip would be over 4 GiB (the limit without Zip64): export fewer steps");
}

}  // namespace

uint32_t Crc32(std::span<const uint8_t> bytes) {
  static const std::array<uint32_t, 256> table = MakeCrcTable();
  uint32_t c = 0xFFFFFFFFu;
  for (uint8_t byte : bytes) c = table[(c ^ byte) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::vector<uint8_t> StoredZip(const std::vector<ZipEntry>& entries) {
  CheckLimits(entries);
  Bytes zip, central;
  for (const ZipEntry& e : entries) {
    const uint32_t crc = Crc32(e.bytes);
    const auto offset = static_cast<uint32_t>(zip.out.size());
    zip.U32(kLocalHeader);
    CommonFields(zip, e, crc);
    zip.Append(e.name);
    zip.Append(e.bytes);

    central.U32(kCentralHeader);
    central.U16(kVersion);  // made by: MS-DOS attributes, version 2.0
    CommonFields(central, e, crc);
    central.U16(0);  // no comment
    central.U16(0);  // disk 0
    central.U16(0);  // internal attributes
    central.U32(0);  // external attributes
    central.U32(offset);
    central.Append(e.name);
  }
  const auto central_offset = static_cast<uint32_t>(zip.out.size());
  const auto central_size = static_cast<uint32_t>(central.out.size());
  zip.Append(central.out);
  zip.U32(kEndOfCentral);
  zip.U16(0);  // this disk
  zip.U16(0);  // the disk with the central directory
  zip.U16(static_cast<uint32_t>(entries.size()));
  zip.U16(static_cast<uint32_t>(entries.size()));
  zip.U32(central_size);
  zip.U32(central_offset);
  zip.U16(0);  // no comment
  return std::move(zip.out);
}

}  // namespace convarith
