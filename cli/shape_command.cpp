// `convarith shape`: output size, the paper's relationship per axis, and a transposed convolution's direct views.
#include <iostream>
#include <memory>

#include "convarith/cli/cli.hpp"
#include "convarith/network/code_io.hpp"
#include "convarith/ops/compute.hpp"
#include "convarith/scene/frame.hpp"
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
  j["output_size"] = OutputSpatial(c);
  if (c.has_weight()) {
    j["output_channels"] = c.out_channels;
    j["weight_shape"] = TorchShape(c, TensorRole::Weight);
  }
  j["output_shape"] = TorchShape(c, TensorRole::Output);
  nlohmann::json rels = nlohmann::json::array();
  for (int a = c.first_axis(); a < 3; ++a) rels.push_back(FindRelationship(c, a).number);
  j["relationship"] = rels;
  j["caption"] = Caption(c);
  nlohmann::json axes = nlohmann::json::array();
  for (int a = c.first_axis(); a < 3; ++a) {
    const Relationship r = FindRelationship(c, a);
    nlohmann::json x;
    x["axis"] = std::string(AxisName(c, a));
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
    nlohmann::json t;
    nlohmann::json direct = nlohmann::json::array(), same = nlohmann::json::array(), stretched = nlohmann::json::array(),
                   zeros = nlohmann::json::array(), pad = nlohmann::json::array(), pad_after = nlohmann::json::array(),
                   extra = nlohmann::json::array(), stride = nlohmann::json::array();
    bool crops = false;
    for (const AxisParams& a : c.spatial()) {
      const TransposedAxis x = TransposedAsDirect(a);
      direct.push_back(x.direct_input);
      same.push_back(x.same_output_inputs);
      stretched.push_back(x.stretched_input);
      zeros.push_back(x.inserted_zeros);
      pad.push_back(x.padding);
      pad_after.push_back(x.padding_after);
      extra.push_back(x.extra);
      stride.push_back(1);
      crops |= x.crops();
    }
    t["direct_input_size"] = direct;
    t["same_output_inputs"] = same;
    t["stretched_input_size"] = stretched;
    t["inserted_zeros"] = zeros;
    t["equivalent_padding"] = pad;
    t["equivalent_padding_after"] = pad_after;
    t["extra_zeros"] = extra;
    t["equivalent_stride"] = stride;
    t["kernel_rotated_180"] = true;
    t["crops"] = crops;
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
        << ", p = " << (a.symmetric() ? std::to_string(a.pad_before) : std::to_string(a.pad_before) + "+" + std::to_string(a.pad_after)) << (a.dilation > 1 ? ", d = " + std::to_string(a.dilation) : "") << " (o = "
        << a.input << ")";
    if (t.same_output_inputs.size() > 1) {
      out << "; i in {" << Join(t.same_output_inputs) << "} all give o = " << a.input << ", a = " << a.output_padding
          << " picks " << t.direct_input;
    }
    out << "\n  equivalent direct convolution: stretched input ĩ' = " << t.stretched_input << " (" << t.inserted_zeros
        << " zero(s) between cells), p' = " << t.padding
        << (t.padding == t.padding_after ? " on each side" : " before, " + std::to_string(t.padding_after) + " after")
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
  auto code = std::make_shared<std::string>();
  cmd->add_option("--code", *code, "Print the layer as pytorch or keras code (with --json: as \"code\")")
      ->check(CLI::IsMember({"pytorch", "keras"}));
  cmd->callback([flags, json, code]() {
    const Config c = ResolveConfig(*flags);
    const std::string text = code->empty() ? "" : *code == "pytorch" ? PyTorchLayerCode(c) : KerasLayerCode(c);
    if (*json) {
      nlohmann::json j = ShapeJson(c);
      if (!text.empty()) j["code"] = text;
      std::cout << j.dump(2) << "\n";
      return;
    }
    if (!text.empty()) {
      std::cout << text << "\n";
      return;
    }
    std::cout << Caption(c) << "\n";
    if (c.has_weight() && (c.in_channels > 1 || c.out_channels > 1)) {
      std::cout << "channels: (" << c.in_channels << ", spatial) -> (" << c.out_channels << ", spatial), weight "
                << ShapeText(TorchShape(c, TensorRole::Weight)) << (c.groups > 1 ? ", " + std::to_string(c.groups) +
                   " groups: output channels " + std::to_string(c.out_per_group()) + " per group read " +
                   std::to_string(c.in_per_group()) + " input channel(s) each" : "") << "\n";
    }
    const auto sp = c.spatial();
    if (std::all_of(sp.begin(), sp.end(), [&](const AxisParams& a) { return a == sp[0]; })) {
      std::string all;
      for (int a = c.first_axis(); a < 3; ++a) all += std::string(a > c.first_axis() ? (a == 2 ? " and " : ", ") : "") + std::string(AxisName(c, a));
      PrintAxis(std::cout, c, 2, (c.rank == 1 ? std::string("length") : all) + ": ");
    } else {
      for (int a = c.first_axis(); a < 3; ++a) PrintAxis(std::cout, c, a, std::string(AxisName(c, a)) + ": ");
    }
  });
}

}  // namespace convarith::cli
