// `convarith shape`: output size, the paper's relationship per axis, and a transposed convolution's direct views.
#include <iostream>
#include <memory>

#include "convarith/cli/cli.hpp"
#include "convarith/frame.hpp"
#include "json_io.hpp"

namespace convarith::cli {

namespace {

std::string Join(const std::vector<int>& v) {
  std::string s;
  for (int x : v) s += (s.empty() ? "" : ", ") + std::to_string(x);
  return s;
}

nlohmann::json ShapeJson(const Config& c) {
  nlohmann::json j = ConfigToJson(c);
  const auto out = OutputShape(c);
  j["output_size"] = PairToJson(out[0], out[1]);
  std::array<Relationship, 2> rel = {FindRelationship(c, 0), FindRelationship(c, 1)};
  j["relationship"] = PairToJson(rel[0].number, rel[1].number);
  j["caption"] = Caption(c);
  nlohmann::json axes = nlohmann::json::array();
  for (int a = 0; a < 2; ++a) {
    const Relationship& r = rel[static_cast<size_t>(a)];
    nlohmann::json x;
    x["axis"] = a == 0 ? "height" : "width";
    x["relationship"] = r.number;
    x["padding_kind"] = std::string(PaddingKindName(r.padding));
    x["conditions"] = r.conditions;
    x["formula"] = r.formula;
    x["substituted"] = r.substituted;
    if (!r.note.empty()) x["note"] = r.note;
    if (c.op != Op::Transposed) {
      x["same_output_inputs"] = InputsWithSameOutput(c.op, c.axes[static_cast<size_t>(a)], c.ceil_mode);
    }
    axes.push_back(std::move(x));
  }
  j["axes"] = std::move(axes);
  if (c.op == Op::Transposed) {
    const TransposedAxis h = TransposedAsDirect(c.height());
    const TransposedAxis w = TransposedAsDirect(c.width());
    nlohmann::json t;
    t["direct_input_size"] = PairToJson(h.direct_input, w.direct_input);
    t["same_output_inputs"] = nlohmann::json::array({h.same_output_inputs, w.same_output_inputs});
    t["stretched_input_size"] = PairToJson(h.stretched_input, w.stretched_input);
    t["inserted_zeros"] = PairToJson(h.inserted_zeros, w.inserted_zeros);
    t["equivalent_padding"] = PairToJson(h.padding, w.padding);
    t["extra_zeros"] = PairToJson(h.extra, w.extra);
    t["equivalent_stride"] = PairToJson(1, 1);
    t["kernel_rotated_180"] = true;
    t["crops"] = h.crops() || w.crops();
    j["transposed"] = std::move(t);
  }
  return j;
}

void PrintAxis(std::ostream& out, const Config& c, int axis, const std::string& heading) {
  const Relationship r = FindRelationship(c, axis);
  out << heading << "Relationship " << r.number << " (" << r.conditions << ")\n";
  out << "  " << r.formula << "\n  " << r.substituted << "\n";
  if (c.op != Op::Transposed) out << "  padding: " << PaddingKindName(r.padding) << "\n";
  if (!r.note.empty()) out << "  note: " << r.note << "\n";
  const AxisParams& a = c.axes[static_cast<size_t>(axis)];
  if (c.op == Op::Transposed) {
    const TransposedAxis t = TransposedAsDirect(a);
    out << "  transpose of: conv with i = " << t.direct_input << ", k = " << a.kernel << ", s = " << a.stride
        << ", p = " << a.padding << (a.dilation > 1 ? ", d = " + std::to_string(a.dilation) : "") << " (o = "
        << a.input << ")";
    if (t.same_output_inputs.size() > 1) {
      out << "; i in {" << Join(t.same_output_inputs) << "} all give o = " << a.input << ", a = " << a.output_padding
          << " picks " << t.direct_input;
    }
    out << "\n  equivalent direct convolution: stretched input ĩ' = " << t.stretched_input << " (" << t.inserted_zeros
        << " zero(s) between cells), p' = " << t.padding << " on each side"
        << (t.crops() ? " (negative: crops the stretched input)" : "") << ", a = " << t.extra
        << " extra zero(s) bottom/right, k = " << a.kernel << " rotated 180°, s' = 1\n";
  } else if (a.stride > 1) {
    const auto same = InputsWithSameOutput(c.op, a, c.ceil_mode);
    if (same.size() > 1) out << "  inputs with the same output: i in {" << Join(same) << "}\n";
  }
}

}  // namespace

void AddShapeCommand(CLI::App& root) {
  auto* cmd = root.add_subcommand("shape", "Output size and the relationship of the paper that applies");
  auto flags = std::make_shared<ConfigFlags>();
  auto json = std::make_shared<bool>(false);
  AddConfigFlags(*cmd, *flags, true);
  cmd->add_flag("--json", *json, "Print one JSON object");
  cmd->callback([flags, json]() {
    const Config c = ResolveConfig(*flags);
    if (*json) {
      std::cout << ShapeJson(c).dump(2) << "\n";
      return;
    }
    std::cout << Caption(c) << "\n";
    if (c.axes[0] == c.axes[1]) {
      PrintAxis(std::cout, c, 0, "height and width: ");
    } else {
      PrintAxis(std::cout, c, 0, "height: ");
      PrintAxis(std::cout, c, 1, "width: ");
    }
  });
}

}  // namespace convarith::cli
