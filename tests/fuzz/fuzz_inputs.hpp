// Random inputs for the fuzz driver: well-formed samples of each language, mutated token by token and byte by byte.
#pragma once

#include <random>
#include <string>
#include <vector>

namespace fuzz {

class Inputs {
 public:
  explicit Inputs(std::mt19937_64& rng) : rng_(rng) {}

  std::string Json();
  std::string Code();
  std::string Layers();
  std::string Settings();
  std::vector<std::string> CommandLine();

 private:
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }
  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }
  std::string Number();
  std::string Mutate(std::string s, const std::vector<std::string>& vocabulary);

  std::mt19937_64& rng_;
};

}  // namespace fuzz
