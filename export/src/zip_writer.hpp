// A .zip archive of files stored as they are (no compression: the frames inside are PNG, already compressed), in
// memory; the caller writes it atomically.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace convarith {

struct ZipEntry {
  std::string name;  // the path inside the archive ("frame_000.png"), '/' separated
  std::vector<uint8_t> bytes;
};

// CRC-32 (IEEE 802.3, as zip, gzip and PNG use it) of the bytes.
uint32_t Crc32(std::span<const uint8_t> bytes);

// The entries as one zip archive (PKWARE APPNOTE 6.3: local headers, the central directory, its end record), each
// stored (method 0) with its CRC-32 and dated 1980-01-01 00:00 so that the same frames make the same bytes. Throws
// ExportError when an entry or the archive exceeds what a zip without the Zip64 extension holds (4 GiB, 65535 files).
std::vector<uint8_t> StoredZip(const std::vector<ZipEntry>& entries);

}  // namespace convarith
