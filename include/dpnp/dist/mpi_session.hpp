#pragma once
/// @file
/// MPI for the lifetime of main(): initialised with MPI_THREAD_FUNNELED (only the main thread calls
/// MPI; LibTorch's worker threads never do), finalised on scope exit.

namespace dpnp {

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace dpnp
