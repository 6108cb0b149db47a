#include "dpnp/denoisers/state_dict.hpp"

#include <caffe2/serialize/inline_container.h>
#include <fmt/format.h>
#include <torch/serialize.h>

#include <cstring>
#include <fstream>
#include <map>
#include <memory>

#include "dpnp/core/error.hpp"

namespace dpnp {

namespace {

[[noreturn]] void bad_file(const std::string& path, const std::string& problem, const std::string& fix) {
  throw InputError(fmt::format("weights '{}': {}; {}", path, problem, fix));
}

struct Value;
using ValuePtr = std::shared_ptr<Value>;

// The Python objects that appear in a state dict's pickle.
struct Value {
  enum class Kind { kNone, kBool, kInt, kFloat, kString, kTuple, kList, kDict, kGlobal, kTensor, kStorage };
  Kind kind = Kind::kNone;
  bool boolean = false;
  std::int64_t integer = 0;
  double real = 0.0;
  std::string text;                                // string, or "module.name" of a global
  std::vector<ValuePtr> items;                     // tuple, list
  std::vector<std::pair<ValuePtr, ValuePtr>> map;  // dict, in insertion order
  at::Tensor tensor;                               // tensor, or the storage's flat bytes viewed as its dtype
};

ValuePtr make(Value::Kind kind) {
  auto v = std::make_shared<Value>();
  v->kind = kind;
  return v;
}

at::ScalarType storage_dtype(const std::string& storage_class, const std::string& path) {
  static const std::map<std::string, at::ScalarType> types = {
      {"torch.FloatStorage", at::kFloat},   {"torch.DoubleStorage", at::kDouble}, {"torch.HalfStorage", at::kHalf},
      {"torch.BFloat16Storage", at::kBFloat16}, {"torch.LongStorage", at::kLong}, {"torch.IntStorage", at::kInt},
      {"torch.ShortStorage", at::kShort},   {"torch.CharStorage", at::kChar},     {"torch.ByteStorage", at::kByte},
      {"torch.BoolStorage", at::kBool}};
  const auto it = types.find(storage_class);
  if (it == types.end())
    bad_file(path, fmt::format("unsupported storage type {}", storage_class), "save float or integer tensors");
  return it->second;
}

class Unpickler {
 public:
  Unpickler(caffe2::serialize::PyTorchStreamReader& reader, std::string path, std::string_view bytes)
      : reader_(reader), path_(std::move(path)), bytes_(bytes) {}

  ValuePtr run() {
    while (true) {
      const std::uint8_t op = read_u8();
      switch (op) {
        case 0x80: read_u8(); break;               // PROTO
        case 0x95: skip(8); break;                 // FRAME
        case '.': return pop();                    // STOP
        case '(': marks_.push_back(stack_.size()); break;
        case '}': push(make(Value::Kind::kDict)); break;
        case ']': push(make(Value::Kind::kList)); break;
        case ')': push(make(Value::Kind::kTuple)); break;
        case 't': push(tuple_of(pop_mark())); break;
        case 0x85: push(tuple_of(pop_n(1))); break;
        case 0x86: push(tuple_of(pop_n(2))); break;
        case 0x87: push(tuple_of(pop_n(3))); break;
        case 'X': push(string_of(read_bytes(read_u32()))); break;
        case 0x8c: push(string_of(read_bytes(read_u8()))); break;
        case 0x8d: push(string_of(read_bytes(read_u64()))); break;
        case 'C': push(string_of(read_bytes(read_u8()))); break;   // SHORT_BINBYTES
        case 'B': push(string_of(read_bytes(read_u32()))); break;  // BINBYTES
        case 'J': push(int_of(static_cast<std::int32_t>(read_u32()))); break;
        case 'K': push(int_of(read_u8())); break;
        case 'M': push(int_of(read_u16())); break;
        case 0x8a: push(int_of(read_long(read_u8()))); break;
        case 'G': push(float_of(read_big_endian_double())); break;
        case 0x88: push(bool_of(true)); break;
        case 0x89: push(bool_of(false)); break;
        case 'N': push(make(Value::Kind::kNone)); break;
        case 'c': {
          const std::string module = read_line();
          push(global_of(module + "." + read_line()));
          break;
        }
        case 0x93: {  // STACK_GLOBAL
          const ValuePtr name = pop();
          const ValuePtr module = pop();
          push(global_of(module->text + "." + name->text));
          break;
        }
        case 'R': {
          const ValuePtr args = pop();
          const ValuePtr callable = pop();
          push(reduce(callable, args));
          break;
        }
        case 0x81: {  // NEWOBJ
          const ValuePtr args = pop();
          const ValuePtr cls = pop();
          push(reduce(cls, args));
          break;
        }
        case 'b': pop(); break;  // BUILD: object state (an OrderedDict's _metadata); not needed
        case 'q': memo_[read_u8()] = top(); break;
        case 'r': memo_[read_u32()] = top(); break;
        case 0x94: memo_[memo_.size()] = top(); break;
        case 'h': push(memo(read_u8())); break;
        case 'j': push(memo(read_u32())); break;
        case 's': {
          const ValuePtr value = pop();
          const ValuePtr key = pop();
          top()->map.emplace_back(key, value);
          break;
        }
        case 'u': {
          const std::vector<ValuePtr> pairs = pop_mark();
          for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) top()->map.emplace_back(pairs[i], pairs[i + 1]);
          break;
        }
        case 'a': {
          const ValuePtr value = pop();
          top()->items.push_back(value);
          break;
        }
        case 'e': {
          const std::vector<ValuePtr> values = pop_mark();
          top()->items.insert(top()->items.end(), values.begin(), values.end());
          break;
        }
        case 'Q': push(storage(pop())); break;  // BINPERSID
        default: bad_file(path_, fmt::format("unsupported pickle opcode 0x{:02x}", op), "re-save it with torch.save(model.state_dict(), f)");
      }
    }
  }

 private:
  void need(std::size_t n) const {
    if (position_ + n > bytes_.size()) bad_file(path_, "data.pkl ends early (truncated file?)", "download or export the file again");
  }
  std::uint8_t read_u8() {
    need(1);
    return static_cast<std::uint8_t>(bytes_[position_++]);
  }
  std::uint64_t read_le(std::size_t n) {
    need(n);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(bytes_[position_ + i])) << (8 * i);
    position_ += n;
    return v;
  }
  std::uint16_t read_u16() { return static_cast<std::uint16_t>(read_le(2)); }
  std::uint32_t read_u32() { return static_cast<std::uint32_t>(read_le(4)); }
  std::uint64_t read_u64() { return read_le(8); }
  std::int64_t read_long(std::size_t n) {
    if (n == 0) return 0;
    if (n > 8) bad_file(path_, "an integer does not fit in 64 bits", "save smaller integers");
    std::uint64_t v = read_le(n);
    if (n < 8 && (v >> (8 * n - 1)) & 1) v |= ~std::uint64_t{0} << (8 * n);  // sign-extend
    return static_cast<std::int64_t>(v);
  }
  double read_big_endian_double() {
    need(8);
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<std::uint8_t>(bytes_[position_ + i]);
    position_ += 8;
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
  }
  std::string read_bytes(std::uint64_t n) {
    need(n);
    std::string s(bytes_.substr(position_, n));
    position_ += n;
    return s;
  }
  std::string read_line() {
    const std::size_t end = bytes_.find('\n', position_);
    if (end == std::string_view::npos) bad_file(path_, "data.pkl ends early (truncated file?)", "export the file again");
    std::string s(bytes_.substr(position_, end - position_));
    position_ = end + 1;
    return s;
  }
  void skip(std::size_t n) {
    need(n);
    position_ += n;
  }

  void push(ValuePtr v) { stack_.push_back(std::move(v)); }
  ValuePtr pop() {
    if (stack_.empty()) bad_file(path_, "malformed pickle (stack underflow)", "re-save the state dict");
    ValuePtr v = stack_.back();
    stack_.pop_back();
    return v;
  }
  ValuePtr top() {
    if (stack_.empty()) bad_file(path_, "malformed pickle (empty stack)", "re-save the state dict");
    return stack_.back();
  }
  std::vector<ValuePtr> pop_n(std::size_t n) {
    if (stack_.size() < n) bad_file(path_, "malformed pickle (stack underflow)", "re-save the state dict");
    std::vector<ValuePtr> out(stack_.end() - static_cast<std::ptrdiff_t>(n), stack_.end());
    stack_.resize(stack_.size() - n);
    return out;
  }
  std::vector<ValuePtr> pop_mark() {
    if (marks_.empty()) bad_file(path_, "malformed pickle (no mark)", "re-save the state dict");
    const std::size_t mark = marks_.back();
    marks_.pop_back();
    return pop_n(stack_.size() - mark);
  }
  ValuePtr memo(std::uint64_t key) {
    const auto it = memo_.find(key);
    if (it == memo_.end()) bad_file(path_, "malformed pickle (unknown memo entry)", "re-save the state dict");
    return it->second;
  }

  static ValuePtr tuple_of(std::vector<ValuePtr> items) {
    ValuePtr v = make(Value::Kind::kTuple);
    v->items = std::move(items);
    return v;
  }
  static ValuePtr string_of(std::string s) {
    ValuePtr v = make(Value::Kind::kString);
    v->text = std::move(s);
    return v;
  }
  static ValuePtr int_of(std::int64_t i) {
    ValuePtr v = make(Value::Kind::kInt);
    v->integer = i;
    return v;
  }
  static ValuePtr float_of(double f) {
    ValuePtr v = make(Value::Kind::kFloat);
    v->real = f;
    return v;
  }
  static ValuePtr bool_of(bool b) {
    ValuePtr v = make(Value::Kind::kBool);
    v->boolean = b;
    return v;
  }
  static ValuePtr global_of(std::string name) {
    ValuePtr v = make(Value::Kind::kGlobal);
    v->text = std::move(name);
    return v;
  }

  std::vector<std::int64_t> ints(const ValuePtr& tuple) {
    std::vector<std::int64_t> out;
    for (const auto& item : tuple->items) {
      if (item->kind != Value::Kind::kInt) bad_file(path_, "a tensor size is not an integer", "re-save the state dict");
      out.push_back(item->integer);
    }
    return out;
  }

  // ('storage', storage class, key, location, numel): bytes of record data/<key>, on the CPU.
  ValuePtr storage(const ValuePtr& id) {
    if (id->kind != Value::Kind::kTuple || id->items.size() < 5 || id->items[0]->text != "storage")
      bad_file(path_, "unexpected persistent object", "re-save it with torch.save(model.state_dict(), f)");
    const std::string key = id->items[2]->text;
    const auto cached = storages_.find(key);
    if (cached != storages_.end()) return cached->second;
    const at::ScalarType dtype = storage_dtype(id->items[1]->text, path_);
    const std::string record = "data/" + key;
    if (!reader_.hasRecord(record)) bad_file(path_, fmt::format("storage {} is missing", record), "the file is incomplete; export it again");
    auto [data, size] = reader_.getRecord(record);
    const std::size_t element = c10::elementSize(dtype);
    at::Tensor bytes = at::empty({static_cast<std::int64_t>(size)}, at::kByte);
    if (size > 0) std::memcpy(bytes.data_ptr(), data.get(), size);
    ValuePtr v = make(Value::Kind::kStorage);
    v->tensor = bytes.view(dtype).narrow(0, 0, static_cast<std::int64_t>(size / element));
    storages_[key] = v;
    return v;
  }

  ValuePtr reduce(const ValuePtr& callable, const ValuePtr& args) {
    const std::string& name = callable->text;
    if (name == "collections.OrderedDict" || name == "builtins.dict") {
      ValuePtr dict = make(Value::Kind::kDict);
      if (!args->items.empty() && args->items[0]->kind == Value::Kind::kList)
        for (const auto& pair : args->items[0]->items) dict->map.emplace_back(pair->items.at(0), pair->items.at(1));
      return dict;
    }
    if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") {
      if (args->items.size() < 4 || args->items[0]->kind != Value::Kind::kStorage)
        bad_file(path_, "malformed tensor record", "re-save the state dict");
      const at::Tensor flat = args->items[0]->tensor;
      const std::int64_t offset = args->items[1]->integer;
      const std::vector<std::int64_t> size = ints(args->items[2]);
      const std::vector<std::int64_t> stride = ints(args->items[3]);
      const bool empty = std::any_of(size.begin(), size.end(), [](std::int64_t s) { return s == 0; });
      std::int64_t extent = offset + 1;
      for (std::size_t d = 0; d < size.size(); ++d) extent += (size[d] - 1) * stride[d];
      if (size.size() != stride.size() || (!empty && extent > flat.numel()))
        bad_file(path_, "a tensor reaches past its storage (truncated file?)", "export the file again");
      ValuePtr v = make(Value::Kind::kTensor);
      v->tensor = flat.as_strided(size, stride, offset).clone();
      return v;
    }
    if (name == "torch.jit._pickle.restore_type_tag") {
      // LibTorch's pickle_save (dpnp train) tags a typed dict with its type; the value is unchanged.
      if (args->items.empty()) bad_file(path_, "malformed type tag", "re-save the state dict");
      return args->items[0];
    }
    if (name == "torch._utils._rebuild_parameter" || name == "torch._utils._rebuild_parameter_with_state") {
      if (args->items.empty() || args->items[0]->kind != Value::Kind::kTensor)
        bad_file(path_, "malformed parameter record", "re-save the state dict");
      return args->items[0];
    }
    bad_file(path_, fmt::format("contains a '{}' object, not only tensors", name),
             "save a state dict: torch.save(model.state_dict(), f)");
  }

  caffe2::serialize::PyTorchStreamReader& reader_;
  std::string path_;
  std::string_view bytes_;
  std::size_t position_ = 0;
  std::vector<ValuePtr> stack_;
  std::vector<std::size_t> marks_;
  std::map<std::uint64_t, ValuePtr> memo_;
  std::map<std::string, ValuePtr> storages_;
};

void flatten(const ValuePtr& dict, const std::string& prefix, StateDict& out, const std::string& path) {
  for (const auto& [key, value] : dict->map) {
    if (key->kind != Value::Kind::kString) continue;
    const std::string name = prefix.empty() ? key->text : prefix + "." + key->text;
    if (value->kind == Value::Kind::kTensor) out.emplace_back(name, value->tensor);
    else if (value->kind == Value::Kind::kDict) flatten(value, name, out, path);
    // Other entries (version numbers, metadata) carry no weights.
  }
}

bool is_zip(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[2] = {};
  in.read(head, 2);
  return in.gcount() == 2 && head[0] == 'P' && head[1] == 'K';
}

}  // namespace

StateDict load_state_dict(const std::string& path) {
  {
    std::ifstream probe(path, std::ios::binary);
    if (!probe.good()) bad_file(path, "file not found or not readable", "check prior.weights (models/README.md lists the files)");
  }
  if (!is_zip(path))
    bad_file(path, "not a zip-format PyTorch file (a legacy torch.save file?)",
             "convert it: .venv/bin/python scripts/convert_weights.py IN OUT");
  std::unique_ptr<caffe2::serialize::PyTorchStreamReader> reader;
  std::string pickle;
  try {
    reader = std::make_unique<caffe2::serialize::PyTorchStreamReader>(path);
    if (!reader->hasRecord("data.pkl")) bad_file(path, "no data.pkl inside (not written by torch.save?)", "save it with torch.save(state_dict, f)");
    auto [data, size] = reader->getRecord("data.pkl");
    pickle.assign(static_cast<const char*>(data.get()), size);
  } catch (const c10::Error& e) {
    bad_file(path, "cannot read the zip archive (truncated or corrupt)", "download or export the file again");
  }
  ValuePtr root;
  try {
    root = Unpickler(*reader, path, pickle).run();
  } catch (const c10::Error& e) {
    bad_file(path, "cannot read a tensor from the archive (truncated or corrupt)", "download or export the file again");
  }
  if (root->kind != Value::Kind::kDict) bad_file(path, "does not hold a dict of tensors", "save a state dict: torch.save(model.state_dict(), f)");
  // Unwrap {"state_dict": {...}} or {"params": {...}} (training checkpoints).
  for (const char* wrapper : {"state_dict", "params", "model"}) {
    for (const auto& [key, value] : root->map)
      if (key->text == wrapper && value->kind == Value::Kind::kDict && root->map.size() <= 4) {
        root = value;
        break;
      }
  }
  StateDict out;
  flatten(root, "", out, path);
  if (out.empty()) bad_file(path, "holds no tensors", "save a state dict: torch.save(model.state_dict(), f)");
  const bool data_parallel = std::all_of(out.begin(), out.end(), [](const auto& e) { return e.first.rfind("module.", 0) == 0; });
  if (data_parallel)
    for (auto& entry : out) entry.first = entry.first.substr(7);
  return out;
}

void save_state_dict(const std::string& path, const StateDict& tensors) {
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& [name, tensor] : tensors) dict.insert(name, tensor.detach().to(at::kCPU).contiguous());
  const std::vector<char> bytes = torch::pickle_save(dict);
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.good()) throw InputError(fmt::format("weights '{}': cannot write the file; check the directory", path));
}

at::Tensor find_tensor(const StateDict& dict, const std::string& name) {
  for (const auto& [key, tensor] : dict)
    if (key == name) return tensor;
  return at::Tensor();
}

std::vector<at::Tensor> match_state_dict(const StateDict& actual, const ExpectedTensors& expected,
                                         const std::string& path, const std::string& architecture) {
  std::vector<std::string> missing, unexpected, misshaped;
  std::vector<at::Tensor> out;
  for (const auto& [name, shape] : expected) {
    const at::Tensor t = find_tensor(actual, name);
    if (!t.defined()) {
      missing.push_back(name);
    } else if (t.sizes() != at::IntArrayRef(shape)) {
      misshaped.push_back(fmt::format("{} is {} not {}", name, fmt::join(t.sizes(), "x"), fmt::join(shape, "x")));
    }
    out.push_back(t);
  }
  for (const auto& [name, tensor] : actual) {
    const bool known = std::any_of(expected.begin(), expected.end(), [&](const auto& e) { return e.first == name; });
    if (!known) unexpected.push_back(name);
  }
  if (missing.empty() && unexpected.empty() && misshaped.empty()) return out;
  const auto list = [](const std::vector<std::string>& names) {
    const std::size_t shown = std::min<std::size_t>(names.size(), 6);
    std::string s = fmt::format("{}", fmt::join(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(shown), ", "));
    if (names.size() > shown) s += fmt::format(" (+{} more)", names.size() - shown);
    return s;
  };
  std::string problem;
  if (!missing.empty()) problem += fmt::format("missing keys: {}", list(missing));
  if (!unexpected.empty()) problem += fmt::format("{}unexpected keys: {}", problem.empty() ? "" : "; ", list(unexpected));
  if (!misshaped.empty()) problem += fmt::format("{}wrong shapes: {}", problem.empty() ? "" : "; ", list(misshaped));
  throw InputError(fmt::format("weights '{}' do not fit {}: {}; give weights of this architecture (models/README.md)",
                               path, architecture, problem));
}

}  // namespace dpnp
