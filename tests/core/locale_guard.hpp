// Switches the C locale to a comma-decimal one (de_DE.UTF-8) for one test and back; tests skip when it is missing.
#pragma once

#include <clocale>
#include <string>

namespace convarith::test {

class CommaLocale {
 public:
  CommaLocale() {
    const char* old = std::setlocale(LC_ALL, nullptr);
    old_ = old ? old : "C";
    active_ = std::setlocale(LC_ALL, "de_DE.UTF-8") != nullptr;
  }
  ~CommaLocale() { std::setlocale(LC_ALL, old_.c_str()); }
  CommaLocale(const CommaLocale&) = delete;
  CommaLocale& operator=(const CommaLocale&) = delete;
  bool active() const { return active_; }

 private:
  std::string old_;
  bool active_ = false;
};

}  // namespace convarith::test
