// One error type for the whole core: whatever a core function throws on purpose is a convarith::Error with its code.
#include <gtest/gtest.h>

#include <functional>

#include "convarith/base/read_file.hpp"
#include "convarith/network/network.hpp"
#include "convarith/ops/compute.hpp"
#include "convarith/tensor/image.hpp"
#include "../test_helpers.hpp"

namespace convarith {
namespace {

// The code of the Error `fn` throws; fails the test when it throws something else or nothing.
std::optional<ErrorCode> CodeOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    EXPECT_STRNE(e.what(), "");
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();  // one line
    return e.code();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a convarith::Error: " << e.what();
  }
  return std::nullopt;
}

// Issue 21 point 6: errors came as optional<ConfigError> plus four unrelated exception types.
TEST(Error, EveryPartThrowsTheOneErrorType) {
  const Config too_big = test::Make2d(Op::Conv, 3, 5, 1, 0);
  const Config conv = test::Make2d(Op::Conv, 4, 3, 1, 0);
  EXPECT_EQ(CodeOf([] { (void)ReadFileBounded("", {"--input", 1024, true}); }), ErrorCode::UnreadableFile);
  EXPECT_EQ(CodeOf([] { (void)LoadImageTensor("/nonexistent/picture.png", {}); }), ErrorCode::UnreadableImage);
  EXPECT_EQ(CodeOf([] { (void)Tensor({2, 2}, std::vector<double>{1}); }), ErrorCode::WrongShape);
  EXPECT_EQ(CodeOf([] { (void)Tensor({2, 2}).at({0, 2}); }), ErrorCode::OutOfRange);
  EXPECT_EQ(CodeOf([&] { (void)Convolve(too_big, Tensor({1, 1, 3, 3}), Tensor({1, 1, 1, 5, 5}), Tensor()); }),
            ErrorCode::InvalidConfig);
  const Tensor weight = MakeWeight(KernelPreset::Ones, CanonicalShape(conv, TensorRole::Weight));
  EXPECT_EQ(CodeOf([&] { (void)ConvolutionMatrix(conv, weight).Multiply({1, 2}); }), ErrorCode::WrongShape);
  EXPECT_EQ(CodeOf([] { (void)ParseLayerSpec("conv k=x", 2); }), ErrorCode::InvalidNetwork);
  // The derived types keep their fields and are caught as themselves too.
  try {
    (void)ParseLayerSpec("conv k=3; pool k=2", 2);
    FAIL() << "an unknown operation must throw";
  } catch (const NetworkError& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidNetwork);
    EXPECT_EQ(e.layer, 2);
  }
}

}  // namespace
}  // namespace convarith
