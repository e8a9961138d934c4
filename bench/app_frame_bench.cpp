// The app's work on the UI thread in one frame at i = 1024, k = 7 (issue 21: a kernel edit every frame at most twice a
// new step every frame): through the app's own functions, PrepareRequest (tensors synced and copied into the
// request), the recompute worker (off the thread), BuildFrame with the view's picture cache and the GL geometry
// (CellGeometry, RectGeometry). Prints both times and their ratio in one run.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <variant>

#include "app.hpp"
#include "frame_drawing.hpp"
#include "recompute_worker.hpp"

namespace {

using namespace convarith;
using namespace convarith::app;

constexpr int kLargeI = 1024, kLargeK = 7;

Params LargeParams() {
  Params p;
  p.config.axes[kHeight] = p.config.axes[kWidth] = AxisParams{kLargeI, kLargeK, 1, kLargeK / 2, kLargeK / 2, 1, 0};
  p.input = Tensor();
  p.weight = Tensor();
  SyncTensors(p);
  return p;
}

// What the canvas does when it rebuilds a view: the frame (pictures from the view's cache) and its GL geometry.
void BuildView(const Computation& c, FrameOptions options, FrameCache& pictures) {
  const Frame frame = BuildFrame(c, options, pictures);
  gl::LayerGeometry cells = CellGeometry(frame), rects = RectGeometry(frame);
  benchmark::DoNotOptimize(cells);
  benchmark::DoNotOptimize(rects);
}

FrameOptions CanvasOptions() {
  FrameOptions o;  // as the canvas builds a large map: pictures, numbers only where zoomed in
  o.numbers = false;
  o.labels = false;
  o.legend = false;
  o.equation = false;
  o.detail_limit = 64 * 64;
  return o;
}

std::shared_ptr<const Computation> ComputeNow(Params& p, uint64_t generation) {
  auto prepared = PrepareRequest(p, generation);
  return Compute(std::get<RecomputeRequest>(prepared)).computation;
}

// Every frame shows the next step: the frame rebuilt from the same computation.
void BM_NewStepEveryFrame(benchmark::State& state) {
  Params p = LargeParams();
  const std::shared_ptr<const Computation> c = ComputeNow(p, 1);
  FrameOptions o = CanvasOptions();
  FrameCache pictures;
  const int steps = StepCount(*c, View::Direct);
  for (auto _ : state) {
    o.step = (o.step + 1) % steps;
    BuildView(*c, o, pictures);
  }
}

// Every frame edits a kernel value: a request to the worker; when a computation arrives, the view's frame rebuilt.
void BM_KernelEditEveryFrame(benchmark::State& state) {
  Params p = LargeParams();
  std::shared_ptr<const Computation> shown = ComputeNow(p, 1);
  FrameOptions o = CanvasOptions();
  o.step = StepCount(*shown, View::Direct) / 2;
  FrameCache pictures;
  RecomputeWorker worker;
  uint64_t generation = 1;
  int64_t arrived = 0;
  for (auto _ : state) {
    p.weight[0] += generation % 2 == 0 ? 1.0 : -1.0;
    worker.Request(std::get<RecomputeRequest>(PrepareRequest(p, ++generation)));
    if (std::optional<RecomputeResult> r = worker.Take(); r && r->computation) {
      shown = r->computation;
      ++arrived;
    }
    BuildView(*shown, o, pictures);  // the canvas rebuilds the frame whenever the computation or the step changed
  }
  state.counters["computations_arrived"] = static_cast<double>(arrived);
}

// The kernel edit's two parts on the UI thread: the request (tensors synced and copied) ...
void BM_RequestOnly(benchmark::State& state) {
  Params p = LargeParams();
  uint64_t generation = 1;
  for (auto _ : state) {
    p.weight[0] += generation % 2 == 0 ? 1.0 : -1.0;
    auto prepared = PrepareRequest(p, ++generation);
    benchmark::DoNotOptimize(prepared);
  }
}

// ... and the frame of a computation that just arrived (its pictures made again: the core's picture cache keys on
// the computation).
void BM_FrameOfANewComputation(benchmark::State& state) {
  Params p = LargeParams();
  const std::shared_ptr<const Computation> a = ComputeNow(p, 1);
  p.weight[0] += 1;
  const std::shared_ptr<const Computation> b = ComputeNow(p, 2);
  FrameOptions o = CanvasOptions();
  o.step = StepCount(*a, View::Direct) / 2;
  FrameCache pictures;
  bool flip = false;
  for (auto _ : state) {
    flip = !flip;
    BuildView(flip ? *a : *b, o, pictures);
  }
}

BENCHMARK(BM_RequestOnly)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_FrameOfANewComputation)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_NewStepEveryFrame)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_KernelEditEveryFrame)->Unit(benchmark::kMillisecond)->MinTime(1.0);

// Keeps each benchmark's time per iteration to print the ratio after the table.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      times_[run.benchmark_name()] = run.GetAdjustedRealTime();
      cpu_[run.benchmark_name()] = run.GetAdjustedCPUTime();
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const auto step = times_.find("BM_NewStepEveryFrame/min_time:1.000");
    const auto edit = times_.find("BM_KernelEditEveryFrame/min_time:1.000");
    if (step != times_.end() && edit != times_.end() && step->second > 0) {
      // Wall time counts the worker's computations where they take the UI thread's core (few cores); CPU time is
      // the UI thread's own work.
      std::printf("kernel edit every frame / new step every frame at i = %d, k = %d: %.2fx wall, %.2fx UI-thread CPU "
                  "(goal <= 2x)\n",
                  kLargeI, kLargeK, edit->second / step->second, cpu_[edit->first] / cpu_[step->first]);
    }
  }

 private:
  std::map<std::string, double> times_, cpu_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
