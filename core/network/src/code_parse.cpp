// Tokens and call expressions of the Python subset model code is written in.
#include "code_parse.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <optional>

#include "convarith/base/numbers.hpp"

#include "convarith/network/network.hpp"

namespace convarith::code {

namespace {

[[noreturn]] void Fail(int line, const std::string& message) {
  throw NetworkError(0, line, "code", "line " + std::to_string(line) + ": " + message);
}

bool NameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool NameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

std::string Printable(std::string_view text, size_t max) {
  std::string out;
  for (const char ch : text.substr(0, max)) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '\n') out += "\\n";
    else if (ch == '\t') out += "\\t";
    else if (u < 0x20 || u == 0x7f) out += "\\x" + std::string(1, "0123456789abcdef"[u >> 4]) + "0123456789abcdef"[u & 15];
    else out += ch;
  }
  return text.size() > max ? out + "..." : out;
}

std::string Call::Short() const {
  const size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

std::string Value::Text() const {
  switch (kind) {
    case Kind::Int: return std::to_string(i);
    case Kind::Float: return FormatDouble(f);
    case Kind::String: return "'" + Printable(s) + "'";
    case Kind::Bool: return i ? "True" : "False";
    case Kind::None: return "None";
    case Kind::Name: return s;
    case Kind::Tuple: {
      std::string t = "(";
      for (size_t n = 0; n < items.size(); ++n) t += (n ? ", " : "") + items[n].Text();
      return t + (items.size() == 1 ? ",)" : ")");
    }
    case Kind::Call: return call ? call->name + "(...)" : "(...)";
  }
  return "?";
}

std::string CallCode(const Call& c) {
  std::string out = c.name + "(";
  for (size_t n = 0; n < c.args.size(); ++n) out += (n ? ", " : "") + c.args[n].Text();
  for (size_t n = 0; n < c.kwargs.size(); ++n)
    out += (n || !c.args.empty() ? ", " : "") + c.kwargs[n].first + "=" + c.kwargs[n].second.Text();
  return out + ")";
}

Tokens Tokenize(std::string_view s) {
  Tokens tokens;
  std::vector<Token>& out = tokens.list;
  int line = 1;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (std::isspace(static_cast<unsigned char>(c)) || c == '\\') {
      ++i;
    } else if (c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (c == '\'' || c == '"') {
      const bool triple = s.substr(i, 3) == std::string(3, c);
      const size_t quote = triple ? 3 : 1;
      const int start_line = line;
      size_t j = i + quote;
      std::string text;
      while (j < s.size() && !(triple ? s.substr(j, 3) == std::string(3, c) : s[j] == c)) {
        if (s[j] == '\n') {
          if (!triple) Fail(start_line, "a string is not closed on its line");
          ++line;
        }
        if (s[j] == '\\' && j + 1 < s.size()) ++j;
        text += s[j++];
      }
      if (j >= s.size()) Fail(start_line, "a string is never closed");
      tokens.strings.push_back(std::move(text));
      out.push_back({Token::Kind::String, start_line, tokens.strings.back()});
      i = j + quote;
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      size_t j = i;
      while (j < s.size() && (NameChar(s[j]) || s[j] == '.' ||
                              ((s[j] == '-' || s[j] == '+') && (s[j - 1] == 'e' || s[j - 1] == 'E')))) {
        ++j;
      }
      out.push_back({Token::Kind::Number, line, s.substr(i, j - i)});
      i = j;
    } else if (NameStart(c)) {
      size_t j = i;
      while (j < s.size() && (NameChar(s[j]) || (s[j] == '.' && j + 1 < s.size() && NameStart(s[j + 1])))) ++j;
      // A string prefix (r'...', f"...") reads as the string.
      if (j < s.size() && (s[j] == '\'' || s[j] == '"') && j - i <= 2) {
        i = j;
        continue;
      }
      out.push_back({Token::Kind::Name, line, s.substr(i, j - i)});
      i = j;
    } else {
      const bool two = i + 1 < s.size() && ((c == '*' && s[i + 1] == '*') || (c == '=' && s[i + 1] == '=') ||
                                            (c == '!' && s[i + 1] == '=') || (c == '-' && s[i + 1] == '>'));
      out.push_back({Token::Kind::Punct, line, s.substr(i, two ? 2 : 1)});
      i += two ? 2 : 1;
    }
  }
  out.push_back({Token::Kind::End, line, {}});
  return tokens;
}

namespace {

bool IsPunct(const Token& t, const char* p) { return t.kind == Token::Kind::Punct && t.text == p; }

Value ParseValue(const std::vector<Token>& tokens, size_t& pos, int depth);

// Items up to the closing bracket; pos is after the opening one and ends after the closing one.
std::vector<Value> ParseItems(const std::vector<Token>& tokens, size_t& pos, const char* close, int open_line,
                              bool* trailing_comma, int depth) {
  std::vector<Value> items;
  *trailing_comma = false;
  while (true) {
    const Token& t = tokens[pos];
    if (t.kind == Token::Kind::End) Fail(open_line, "a bracket opened here is never closed");
    if (IsPunct(t, close)) {
      ++pos;
      return items;
    }
    items.push_back(ParseValue(tokens, pos, depth + 1));
    *trailing_comma = false;
    if (IsPunct(tokens[pos], ",")) {
      ++pos;
      *trailing_comma = true;
    } else if (!IsPunct(tokens[pos], close)) {
      Fail(tokens[pos].line, "expected ',' or '" + std::string(close) + "', got '" + Printable(tokens[pos].text) + "'");
    }
  }
}

Value Number(const Token& t, bool negative) {
  Value v;
  v.line = t.line;
  const std::string x(t.text);
  const bool is_float = x.find_first_of(".eE") != std::string::npos && x.find_first_of("xX") == std::string::npos;
  char* end = nullptr;
  if (is_float) {
    v.kind = Value::Kind::Float;
    const std::optional<double> f = ParseDouble(x);  // not strtod: a comma-decimal locale would refuse 0.5
    if (!f) Fail(t.line, "'" + Printable(x) + "' is not a number");
    v.f = negative ? -*f : *f;
    return v;
  } else {
    v.kind = Value::Kind::Int;
    errno = 0;
    v.i = std::strtoll(x.c_str(), &end, 0);
    if (errno != 0 || v.i > (1LL << 40)) Fail(t.line, "the number " + Printable(x) + " is too large");
    if (negative) v.i = -v.i;
  }
  if (end == nullptr || *end != '\0') Fail(t.line, "'" + Printable(x) + "' is not a number");
  return v;
}

Value ParseValue(const std::vector<Token>& tokens, size_t& pos, int depth) {
  if (depth > kMaxNesting) {
    Fail(tokens[pos].line, "calls and brackets nested deeper than " + std::to_string(kMaxNesting) + " levels");
  }
  const Token& t = tokens[pos];
  Value v;
  v.line = t.line;
  if (t.kind == Token::Kind::Punct && (t.text == "-" || t.text == "+")) {
    ++pos;
    if (tokens[pos].kind != Token::Kind::Number) Fail(t.line, "expected a number after '" + Printable(t.text) + "'");
    return Number(tokens[pos++], t.text == "-");
  }
  if (t.kind == Token::Kind::Number) {
    ++pos;
    return Number(t, false);
  }
  if (t.kind == Token::Kind::String) {
    ++pos;
    v.kind = Value::Kind::String;
    v.s = std::string(t.text);
    while (tokens[pos].kind == Token::Kind::String) v.s += tokens[pos++].text;
    return v;
  }
  if (IsPunct(t, "(") || IsPunct(t, "[")) {
    ++pos;
    bool trailing = false;
    v.items = ParseItems(tokens, pos, t.text == "(" ? ")" : "]", t.line, &trailing, depth);
    if (t.text == "(" && v.items.size() == 1 && !trailing) return v.items.front();  // (3) is 3
    v.kind = Value::Kind::Tuple;
    return v;
  }
  if (t.kind == Token::Kind::Name) {
    if (t.text == "True" || t.text == "False") {
      ++pos;
      v.kind = Value::Kind::Bool;
      v.i = t.text == "True";
      return v;
    }
    if (t.text == "None") {
      ++pos;
      return v;
    }
    if (IsPunct(tokens[pos + 1], "(")) {
      v.kind = Value::Kind::Call;
      v.call = std::make_shared<Call>(ParseCall(tokens, pos, depth));
      // float('inf'), float('-inf'): a number.
      if (v.call->name == "float" && v.call->args.size() == 1 && v.call->args[0].kind == Value::Kind::String) {
        Value f;
        f.kind = Value::Kind::Float;
        f.line = v.line;
        const std::optional<double> x = ParseDouble(v.call->args[0].s);
        if (!x) return v;
        f.f = *x;
        return f;
      }
      return v;
    }
    ++pos;
    v.kind = Value::Kind::Name;
    v.s = std::string(t.text);
    return v;
  }
  if (IsPunct(t, "*") || IsPunct(t, "**")) {
    Fail(t.line, "argument unpacking ('" + Printable(t.text) + "') is not supported");
  }
  Fail(t.line, t.kind == Token::Kind::End ? std::string("the code ends in the middle of a call")
                                          : "unexpected '" + Printable(t.text) + "'");
}

}  // namespace

namespace {

// One call without the methods called on its result.
Call ParseOneCall(const std::vector<Token>& tokens, size_t& pos, int depth) {
  if (depth > kMaxNesting) {
    Fail(tokens[pos].line, "calls and brackets nested deeper than " + std::to_string(kMaxNesting) + " levels");
  }
  Call c;
  c.name = std::string(tokens[pos].text);
  c.line = tokens[pos].line;
  pos += 2;  // name and '('
  bool seen_keyword = false;
  while (true) {
    const Token& t = tokens[pos];
    if (t.kind == Token::Kind::End) Fail(c.line, "the '(' of " + c.name + " is never closed");
    if (IsPunct(t, ")")) {
      ++pos;
      break;
    }
    if (t.kind == Token::Kind::Name && IsPunct(tokens[pos + 1], "=")) {
      pos += 2;
      for (const auto& kw : c.kwargs) {
        if (kw.first == t.text) Fail(t.line, c.name + " got keyword argument '" + Printable(t.text) + "' twice");
      }
      c.kwargs.emplace_back(std::string(t.text), ParseValue(tokens, pos, depth + 1));
      seen_keyword = true;
    } else {
      if (seen_keyword) Fail(t.line, c.name + ": a positional argument follows a keyword argument");
      c.args.push_back(ParseValue(tokens, pos, depth + 1));
    }
    if (IsPunct(tokens[pos], ",")) {
      ++pos;
    } else if (!IsPunct(tokens[pos], ")")) {
      Fail(tokens[pos].line, c.name + ": expected ',' or ')', got '" + Printable(tokens[pos].text) + "'");
    }
  }
  return c;
}

}  // namespace

Call ParseCall(const std::vector<Token>& tokens, size_t& pos, int depth) {
  Call c = ParseOneCall(tokens, pos, depth);
  // Methods called on the result (nn.Sequential(...).to(device).eval()) are read and ignored, one after the other
  // (a long chain is a loop, not a recursion).
  while (IsPunct(tokens[pos], ".") && tokens[pos + 1].kind == Token::Kind::Name && IsPunct(tokens[pos + 2], "(")) {
    ++pos;
    ParseOneCall(tokens, pos, depth + 1);
  }
  return c;
}

}  // namespace convarith::code
