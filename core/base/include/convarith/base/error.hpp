// The core's one error type: convarith::Error, a one-line message with a code saying what kind of rule was broken.
#pragma once

#include <stdexcept>
#include <string>

namespace convarith {

// What kind of rule an Error is about, and which type carries it (each derives from Error).
enum class ErrorCode {
  InvalidConfig,   // a layer's parameters or its tensors break a rule: InvalidConfig (convarith/ops/compute.hpp), with
                   // the ConfigError naming the parameter; thrown by Convolve, Recompute, ConvolutionMatrix, ...
  WrongShape,      // a tensor or vector without the shape its use asks for: Error; thrown by Tensor(shape, values),
                   // Tensor::Reshape, Tensor::Assign, SparseMatrix::Multiply
  OutOfRange,      // an index outside a tensor, or with the wrong number of indices: Error; thrown by Tensor::at
  InvalidNetwork,  // a stack of layers (or its code) that does not fit together: NetworkError (layer, line,
                   // parameter; convarith/network/network.hpp); thrown by the network and code functions
  UnreadableFile,  // a file that can't be read or is not what the caller accepts: ReadError
                   // (convarith/base/read_file.hpp); thrown by BoundedFile, ReadNestedNumbers, ReadFileBounded
  UnreadableImage,  // a picture file that can't be read: ImageError (convarith/tensor/image.hpp); thrown by LoadImage
  Export,           // an export that cannot be written: ExportError (convarith/export.hpp); thrown by the exporters
  InvalidLink,      // a link (URL fragment) with an unknown key, a key twice, a bad escape: Error; thrown by ParseLink,
                    // WriteLink, LinkFlags (convarith/link/link.hpp)
};

// Every exception the core and the exporters throw on purpose is an Error (or derives from it): catch `const Error&`
// and look at code() to tell them apart, or catch the derived type for its fields. what() is one line naming the
// parameter or file and the constraint. Anything else that escapes (std::bad_alloc, a library's own exception) is
// not a rule of convarith's: callers that must not stop also catch std::exception.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace convarith
