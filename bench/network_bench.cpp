// Benchmarks of a 50-layer network: shape propagation (with validation of every layer), receptive fields per layer and
// axis (followed exactly through transposed layers), the mirror decoder, and the whole `convarith net` core work.
#include <benchmark/benchmark.h>

#include <string>

#include "convarith/network/code_io.hpp"
#include "convarith/network/network.hpp"
#include "network_view.hpp"  // the app's Network panel model (app/)

namespace {

using namespace convarith;

// 50 layers, 2-D, 256 x 256 x 3 in: blocks of conv, strided conv, dilated conv, transposed conv and pooling.
Network Fifty(bool with_transposed) {
  std::string spec;
  for (int b = 0; b < 10; ++b) {
    spec += "conv k=3 p=1 c=32; conv k=3 s=2 p=1 c=64; conv k=3 d=2 p=2; ";
    spec += with_transposed ? "convT k=4 s=2 p=1 c=32; " : "conv k=1 c=32; ";
    spec += "maxpool k=3 s=1 p=1; ";
  }
  Network n = ParseLayerSpec(spec, 2);
  n.input = {1, 256, 256};
  n.in_channels = 3;
  return n;
}

void BM_Propagate50(benchmark::State& state) {
  const Network n = Fifty(state.range(0) != 0);
  for (auto _ : state) benchmark::DoNotOptimize(Propagate(n));
}

void BM_ReceptiveFields50(benchmark::State& state) {
  const auto layers = Propagate(Fifty(state.range(0) != 0));
  long long rf = 0;
  for (auto _ : state) {
    const auto f = ReceptiveFields(layers);
    rf = f.back()[0].receptive_field;
    benchmark::DoNotOptimize(rf);
  }
  state.counters["last_rf"] = static_cast<double>(rf);
}

void BM_NetworkAll50(benchmark::State& state) {
  const Network n = Fifty(false);
  for (auto _ : state) {
    const auto layers = Propagate(n);
    const auto f = ReceptiveFields(layers);
    const auto d = Mirror(layers);
    const std::string code = WritePyTorch(layers);
    benchmark::DoNotOptimize(f);
    benchmark::DoNotOptimize(d);
    benchmark::DoNotOptimize(code);
  }
}

void BM_ReadPyTorch50(benchmark::State& state) {
  const std::string code = WritePyTorch(Propagate(Fifty(true)));
  for (auto _ : state) benchmark::DoNotOptimize(ReadPyTorch(code));
  state.counters["bytes"] = static_cast<double>(code.size());
}

// The app's Network panel per frame when something changed: propagate, receptive fields, and the stack view model
// (every layer's row of cells along the width, stamp paths, the focused cell's field walked down to the input).
void BM_NetworkPanelModel50(benchmark::State& state) {
  const Network n = Fifty(state.range(0) != 0);
  long long cells = 0;
  for (auto _ : state) {
    const auto layers = Propagate(n);
    const auto f = ReceptiveFields(layers);
    const auto view = convarith::app::BuildStackView(layers, 1, std::make_pair(50, 128));
    cells = 0;
    for (const auto& row : view.rows) cells += row.size;
    benchmark::DoNotOptimize(f);
    benchmark::DoNotOptimize(view);
  }
  state.counters["cells"] = static_cast<double>(cells);
}

// The stack view alone (what a new hovered cell rebuilds).
void BM_StackView50(benchmark::State& state) {
  const auto layers = Propagate(Fifty(true));
  int cell = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(convarith::app::BuildStackView(layers, 1, std::make_pair(50, cell)));
    cell = (cell + 1) % 256;
  }
}

}  // namespace

BENCHMARK(BM_NetworkPanelModel50)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_StackView50)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Propagate50)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReceptiveFields50)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_NetworkAll50)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadPyTorch50)->Unit(benchmark::kMicrosecond);
