// A small reader for the Python subset model code is written in: calls with positional and keyword arguments whose
// values are numbers, strings, True/False/None, names, tuples/lists and further calls. Private to the core.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace convarith::code {

struct Call;

// Text from the code as a message shows it: on one line (a newline as \n, control bytes as \xNN), at most `max`
// characters then "...".
std::string Printable(std::string_view text, size_t max = 60);

struct Value {
  enum class Kind { Int, Float, String, Bool, None, Name, Tuple, Call } kind = Kind::None;
  long long i = 0;
  double f = 0;
  std::string s;  // String text, Name
  std::vector<Value> items;
  std::shared_ptr<Call> call;
  int line = 0;
  std::string Text() const;  // as written, roughly: 3, (3, 3), 'same', nn.ReLU(...)
};

struct Call {
  std::string name;  // dotted: nn.Conv2d, layers.Conv2D
  int line = 0;
  std::vector<Value> args;
  std::vector<std::pair<std::string, Value>> kwargs;
  // The last component of the name: Conv2d.
  std::string Short() const;
};

// A call written out again from what was read: nn.BatchNorm2d(16, momentum=0.1) (nested calls as name(...)).
std::string CallCode(const Call& c);

// Every top-level call of the code whose name `relevant` accepts, in order; calls it does not accept are looked into
// (model.add(layers.Conv2D(...))), everything else is skipped. Throws NetworkError (line, parameter "code") for code
// that can't be read inside a relevant call: unbalanced brackets, unexpected tokens, unpacking.
template <typename F>
std::vector<Call> TopLevelCalls(std::string_view code, F relevant);

// Implementation detail of TopLevelCalls. A token is small (24 bytes): its text is a view into the code, or into
// Tokens::strings for a string literal with its escapes resolved, so 4 MiB of brackets stay under 100 MB.
struct Token {
  enum class Kind { Name, Number, String, Punct, End } kind = Kind::End;
  int line = 1;
  std::string_view text;
};
struct Tokens {
  std::vector<Token> list;
  std::deque<std::string> strings;  // string literals' text (a deque: views into it stay valid as it grows)
};
// The tokens of `code`, which must outlive them.
Tokens Tokenize(std::string_view code);
// Calls and brackets nested deeper than this are refused (the parser recurses once per level).
inline constexpr int kMaxNesting = 64;
// Parses the call whose name is tokens[pos] (tokens[pos + 1] is '('); pos ends after its ')'. `depth` is the nesting
// of the call itself (0 at the top level); it grows through arguments, brackets and nested calls alike.
Call ParseCall(const std::vector<Token>& tokens, size_t& pos, int depth = 0);

template <typename F>
std::vector<Call> TopLevelCalls(std::string_view code, F relevant) {
  const Tokens tokenized = Tokenize(code);
  const std::vector<Token>& tokens = tokenized.list;
  std::vector<Call> out;
  size_t pos = 0;
  while (pos < tokens.size() && tokens[pos].kind != Token::Kind::End) {
    const bool call = tokens[pos].kind == Token::Kind::Name && pos + 1 < tokens.size() &&
                      tokens[pos + 1].kind == Token::Kind::Punct && tokens[pos + 1].text == "(";
    if (call && relevant(std::string(tokens[pos].text))) {
      out.push_back(ParseCall(tokens, pos));
    } else {
      ++pos;
    }
  }
  return out;
}

}  // namespace convarith::code
