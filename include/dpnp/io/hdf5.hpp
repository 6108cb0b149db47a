#pragma once
/// @file
/// A thin RAII layer over the HDF5 C API (HighFive is not packaged in Debian): owned handles and a
/// check that turns a failed call into a dpnp::Error with its name. HDF5's own error-stack printing
/// is switched off so that users see one line.

#include <hdf5.h>

#include <string>
#include <utility>
#include <vector>

namespace dpnp::h5 {

/// An owned hid_t closed with the matching H5*close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }
  hid_t get() const { return id_; }
  explicit operator bool() const { return id_ >= 0; }
  void reset() {
    if (id_ >= 0 && closer_) closer_(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// Silences HDF5's automatic error printing (once per process).
void quiet_errors();

/// Throws dpnp::Error naming `call` when `status` is negative; returns it otherwise.
hid_t check(hid_t status, const char* call);
#define DPNP_H5(call) ::dpnp::h5::check((call), #call)

Handle file(hid_t id);
Handle dataset(hid_t id);
Handle dataspace(hid_t id);
Handle plist(hid_t id);
Handle attribute(hid_t id);
Handle datatype(hid_t id);
Handle group(hid_t id);

/// Dimensions of a dataspace.
std::vector<hsize_t> dims_of(hid_t dataset_id);

/// Whether `path` is an HDF5 file (by signature, without opening it through HDF5).
bool is_hdf5_file(const std::string& path);

}  // namespace dpnp::h5
