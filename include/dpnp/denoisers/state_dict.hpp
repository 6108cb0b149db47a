#pragma once
/// @file
/// PyTorch state dicts (the zip format of `torch.save(model.state_dict(), f)`), read without Python.
///
/// LibTorch's own unpickler turns the `collections.OrderedDict` that every `state_dict()` is into None
/// (it only expects OrderedDicts inside tensor metadata), so dpnp reads `data.pkl` with a small
/// unpickler of its own that understands exactly what state dicts contain (dicts, OrderedDicts,
/// tensors rebuilt from storages, parameters, scalars, strings, tuples, lists) and maps every tensor
/// to the CPU whatever device it was saved from. Legacy (pre-1.6, non-zip) files are rejected with the
/// command that converts them (scripts/convert_weights.py).

#include <ATen/ATen.h>

#include <string>
#include <utility>
#include <vector>

namespace dpnp {

/// Tensors by name, in file order. Nested dicts are flattened with '.'; a `module.` prefix on every
/// key (torch.nn.DataParallel) is dropped; a top-level {"state_dict": {...}} / {"params": {...}}
/// wrapper is unwrapped.
using StateDict = std::vector<std::pair<std::string, at::Tensor>>;

/// Reads a zip-format state dict. Throws InputError naming the file on any problem.
StateDict load_state_dict(const std::string& path);

/// Writes `tensors` as a zip-format state dict that `torch.load` reads (a plain dict).
void save_state_dict(const std::string& path, const StateDict& tensors);

/// The tensors a network expects: name and shape.
using ExpectedTensors = std::vector<std::pair<std::string, std::vector<std::int64_t>>>;

/// Checks `actual` against `expected` and throws one InputError line listing the missing, unexpected
/// and mis-shaped keys (naming `path` and `architecture`). Returns the tensors in `expected` order.
std::vector<at::Tensor> match_state_dict(const StateDict& actual, const ExpectedTensors& expected,
                                         const std::string& path, const std::string& architecture);

/// The tensor called `name`, or an undefined tensor.
at::Tensor find_tensor(const StateDict& dict, const std::string& name);

}  // namespace dpnp
