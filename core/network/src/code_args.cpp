// A call's arguments bound to the layer's parameter names, read as whole numbers, booleans, strings and sizes.
#include <algorithm>

#include "code_builder.hpp"

namespace convarith::code {

void Args::Fail(const std::string& parameter, const std::string& message) const {
  throw NetworkError(layer, call->line, parameter, where + ": " + message);
}

bool Args::Has(const std::string& p) const {
  auto it = values.find(p);
  return it != values.end() && it->second.kind != Value::Kind::None;
}

long long Args::Int(const std::string& p, long long lo, long long hi) const {
  const Value& v = Get(p);
  if (v.kind != Value::Kind::Int) Fail(p, p + " must be a whole number, got " + v.Text());
  if (v.i < lo || v.i > hi) {
    Fail(p, p + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + v.Text());
  }
  return v.i;
}

bool Args::Bool(const std::string& p) const {
  const Value& v = Get(p);
  if (v.kind == Value::Kind::Bool) return v.i != 0;
  if (v.kind == Value::Kind::Int && (v.i == 0 || v.i == 1)) return v.i != 0;
  Fail(p, p + " must be True or False, got " + v.Text());
}

std::string Args::Str(const std::string& p) const {
  const Value& v = Get(p);
  if (v.kind != Value::Kind::String) Fail(p, p + " must be a string, got " + v.Text());
  return v.s;
}

std::vector<int> Args::Sizes(const std::string& p, int rank, int lo, int hi) const {
  const Value& v = Get(p);
  std::vector<int> out;
  if (v.kind == Value::Kind::Int) {
    out.assign(static_cast<size_t>(rank), static_cast<int>(std::clamp<long long>(v.i, -1, hi + 1LL)));
  } else if (v.kind == Value::Kind::Tuple && static_cast<int>(v.items.size()) == rank &&
             std::all_of(v.items.begin(), v.items.end(), [](const Value& x) { return x.kind == Value::Kind::Int; })) {
    for (const Value& x : v.items) out.push_back(static_cast<int>(std::clamp<long long>(x.i, -1, hi + 1LL)));
  } else {
    Fail(p, p + " must be an int or a tuple of " + std::to_string(rank) + " ints, got " + v.Text());
  }
  for (int x : out) {
    if (x < lo || x > hi) {
      Fail(p, p + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + v.Text());
    }
  }
  return out;
}

Args Bind(const Call& call, const std::vector<std::string>& names, size_t required, const std::string& where, int layer,
          const std::set<std::string>& ignored) {
  Args a;
  a.call = &call;
  a.where = where;
  a.layer = layer;
  if (call.args.size() > names.size()) {
    a.Fail("arguments", call.Short() + " takes at most " + std::to_string(names.size()) + " positional arguments, got " +
                            std::to_string(call.args.size()));
  }
  for (size_t n = 0; n < call.args.size(); ++n) a.values[names[n]] = call.args[n];
  for (const auto& [key, value] : call.kwargs) {
    if (std::find(names.begin(), names.end(), key) == names.end()) {
      if (ignored.count(key)) continue;
      a.Fail(key, call.Short() + " got an unexpected keyword argument '" + key + "'");
    }
    if (a.values.count(key)) a.Fail(key, call.Short() + " got multiple values for argument '" + key + "'");
    a.values[key] = value;
  }
  for (size_t n = 0; n < required; ++n) {
    if (!a.values.count(names[n])) a.Fail(names[n], call.Short() + " is missing the argument '" + names[n] + "'");
  }
  return a;
}

}  // namespace convarith::code
