// Recomputing off the UI thread: one worker, the latest request wins, results shared as immutable computations.
#include "recompute_worker.hpp"

#include <chrono>
#include <exception>
#include <utility>

#include "convarith/ops/backward.hpp"
#include "convarith/ops/compute.hpp"
#include "platform/threads.hpp"

namespace convarith::app {

Tensor GradOutputFor(const Config& config, Fill fill, uint32_t seed) {
  return MakeTensor(CanonicalShape(Normalized(config), TensorRole::Output), fill, seed + 3, -2, 2);
}

bool BackwardDrawable(const Config& config) { return config.op == Op::Conv || config.op == Op::Transposed; }

GradTarget DrawnGrad(const Config& config, GradTarget asked) {
  if (!BackwardDrawable(config) || (asked == GradTarget::Bias && !config.bias)) return GradTarget::Input;
  return asked;
}

namespace {
// The gradient's computation: ∂L/∂y through the same kernel (Cᵀ) for ∂L/∂x, the input correlated with ∂L/∂y for
// ∂L/∂w, ∂L/∂y summed per channel for ∂L/∂b.
Computation GradientComputation(const RecomputeRequest& request, GradTarget grad) {
  const Tensor gy = GradOutputFor(request.config, request.grad_fill, request.seed);
  if (grad == GradTarget::Weight) {
    const GradProblem p = WeightGradProblem(request.config, request.input, gy);
    return convarith::Recompute(p.config, p.input, p.weight);
  }
  if (grad == GradTarget::Bias) {
    const GradProblem p = BiasGradProblem(request.config, gy);
    return convarith::Recompute(p.config, p.input, p.weight);
  }
  return convarith::Recompute(InputGradConfig(request.config), gy, request.weight);
}
}  // namespace

RecomputeResult Compute(const RecomputeRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  RecomputeResult result;
  result.generation = request.generation;
  result.config = request.config;
  try {
    if (request.backward && BackwardDrawable(request.config)) {
      // The gradient as a computation of its own.
      result.backward = true;
      result.grad = DrawnGrad(request.config, request.grad);
      result.computation = std::make_shared<const Computation>(GradientComputation(request, result.grad));
    } else {
      result.computation = std::make_shared<const Computation>(
          convarith::Recompute(request.config, request.input, request.weight, request.bias));
      if (request.backward && request.config.pooling()) {
        result.pooling_backward = std::make_shared<const BackwardPass>(MakeBackwardPass(
            request.config, request.input, request.weight,
            GradOutputFor(request.config, request.grad_fill, request.seed)));
      }
    }
  } catch (const InvalidConfig& e) {
    result.error = e.error;
  } catch (const std::exception& e) {  // the worker thread's last net (std::bad_alloc)
    result.error = ConfigError{"", e.what()};
  }
  result.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

RecomputeWorker::RecomputeWorker() {
  if constexpr (kHasThreads) thread_ = std::thread([this] { Run(); });
}

RecomputeWorker::~RecomputeWorker() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RecomputeWorker::Request(RecomputeRequest request) {
  if constexpr (!kHasThreads) {  // the browser build: computed now, taken at the next Take()
    RecomputeResult result = Compute(request);
    const std::lock_guard<std::mutex> lock(mutex_);
    done_ = std::move(result);
    return;
  }
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    pending_ = std::move(request);
  }
  wake_.notify_one();
}

std::optional<RecomputeResult> RecomputeWorker::Take() {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::optional<RecomputeResult> result = std::move(done_);
  done_.reset();
  return result;
}

bool RecomputeWorker::Busy() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return running_ || pending_.has_value();
}

void RecomputeWorker::WaitIdle() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return !running_ && !pending_; });
}

void RecomputeWorker::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || pending_.has_value(); });
    if (stopping_) return;
    RecomputeRequest request = std::move(*pending_);
    pending_.reset();
    running_ = true;
    lock.unlock();
    RecomputeResult result = Compute(request);
    lock.lock();
    running_ = false;
    // Requests are taken in order, so a result is always newer than the one it replaces.
    done_ = std::move(result);
    if (!pending_) idle_.notify_all();
  }
}

}  // namespace convarith::app
