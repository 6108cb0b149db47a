#include "dpnp/sampler/iteration_clock.hpp"

#include "dpnp/core/device.hpp"
#include "dpnp/core/timer.hpp"

#ifdef DPNP_WITH_CUDA
#include <ATen/cuda/CUDAEvent.h>
#endif

namespace dpnp {

namespace {

class HostClock final : public IterationClock {
 public:
  void start() override { last_ = now_seconds(); }
  void lap() override {
    const double now = now_seconds();
    laps_.push_back(now - last_);
    last_ = now;
  }
  std::vector<double> collect() override {
    std::vector<double> out;
    out.swap(laps_);
    return out;
  }

 private:
  double last_ = 0.0;
  std::vector<double> laps_;
};

#ifdef DPNP_WITH_CUDA
class CudaEventClock final : public IterationClock {
 public:
  void start() override {
    events_.clear();
    record();
  }
  void lap() override { record(); }
  std::vector<double> collect() override {
    std::vector<double> out;
    if (events_.size() < 2) return out;
    events_.back()->synchronize();
    for (std::size_t i = 1; i < events_.size(); ++i)
      out.push_back(static_cast<double>(events_[i - 1]->elapsed_time(*events_[i])) * 1e-3);
    // The last event starts the next window.
    auto last = std::move(events_.back());
    events_.clear();
    events_.push_back(std::move(last));
    return out;
  }

 private:
  void record() {
    auto event = std::make_unique<at::cuda::CUDAEvent>(cudaEventDefault);
    event->record();
    events_.push_back(std::move(event));
  }
  std::vector<std::unique_ptr<at::cuda::CUDAEvent>> events_;
};
#endif

}  // namespace

std::unique_ptr<IterationClock> make_iteration_clock(const at::Device& device) {
#ifdef DPNP_WITH_CUDA
  if (device.is_cuda()) return std::make_unique<CudaEventClock>();
#endif
  (void)device;
  return std::make_unique<HostClock>();
}

}  // namespace dpnp
