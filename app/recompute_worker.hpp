// Recomputing off the UI thread: one worker, the latest request wins, results shared as immutable computations.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "convarith/ops/backward.hpp"
#include "convarith/scene/timeline.hpp"
#include "convarith/shape/config.hpp"
#include "convarith/tensor/tensor.hpp"

namespace convarith::app {

// What one recompute needs: the configuration and the data as they were when it was asked for (copies: the UI keeps
// editing its own).
struct RecomputeRequest {
  uint64_t generation = 0;  // increasing with every request
  Config config;
  Tensor input, weight, bias;
  // Backward (conv and transposed): the input gradient's computation instead, for an output gradient of `grad_fill`
  // (ones: L = the sum of the outputs, as `compute --grad`'s default; random: seed + 3, -2…2, as the CLI's).
  bool backward = false;
  Fill grad_fill = Fill::Ones;
  uint32_t seed = 1;
  GradTarget grad = GradTarget::Input;  // which gradient (weight: WeightGradProblem; bias: BiasGradProblem)
};

// What one recompute gave: the computation, shared read-only by the canvas, the panels and the exports; or why not.
struct RecomputeResult {
  uint64_t generation = 0;
  Config config;  // the request's
  std::shared_ptr<const Computation> computation;
  std::optional<ConfigError> error;
  double milliseconds = 0;  // how long it took (the frame-time benchmark prints it)
  bool backward = false;    // the computation is a gradient's (Pass::Backward)
  GradTarget grad = GradTarget::Input;  // which one (the request's, Input when the layer has no such gradient)
  // Backward on pooling: the forward computation is drawn, and this pass says what the gradient does at each step.
  std::shared_ptr<const BackwardPass> pooling_backward;
};

// The output gradient the app (and `export --backward`) feeds the backward pass: the layer's output shape, `fill`
// (random: seed + 3, values -2…2, as `compute --grad-fill random --seed`).
Tensor GradOutputFor(const Config& config, Fill fill, uint32_t seed);
// Whether the backward pass of this operation is drawn as a computation (conv and transposed; pooling's is a routing).
bool BackwardDrawable(const Config& config);

// The gradient a backward request draws: the one asked for when the layer has it (a bias for ∂L/∂b), else ∂L/∂x.
GradTarget DrawnGrad(const Config& config, GradTarget asked);

// The computation for a request, on the calling thread. Never throws.
RecomputeResult Compute(const RecomputeRequest& request);

// A thread that computes one request at a time. A request replaces the one still waiting (the latest wins: earlier
// pending ones are dropped unseen); a finished result waits until taken, and a newer one replaces it.
class RecomputeWorker {
 public:
  RecomputeWorker();
  ~RecomputeWorker();  // stops the thread (a running computation finishes first)
  RecomputeWorker(const RecomputeWorker&) = delete;
  RecomputeWorker& operator=(const RecomputeWorker&) = delete;

  void Request(RecomputeRequest request);
  // The newest result not taken yet, if any.
  std::optional<RecomputeResult> Take();
  // A request waits or runs.
  bool Busy() const;
  // Blocks until nothing waits or runs (screenshots and tests that need the final picture).
  void WaitIdle();

 private:
  void Run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;  // a request arrived, or stop
  std::condition_variable idle_;      // the worker went idle
  std::optional<RecomputeRequest> pending_;
  std::optional<RecomputeResult> done_;
  bool running_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the members above exist (std::jthread is not in the browser build's
                        // C++ library)
};

}  // namespace convarith::app
