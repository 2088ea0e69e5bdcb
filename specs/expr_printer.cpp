// Printing expressions as Go source text.
#include "specs/expr_printer.h"

#include <stdexcept>

#include <fmt/format.h>

namespace mapcheck::specs {

const char* binary_op_text(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add:
      return "+";
    case BinaryOp::Sub:
      return "-";
    case BinaryOp::Mul:
      return "*";
    case BinaryOp::Div:
      return "/";
    case BinaryOp::Rem:
      return "%";
    case BinaryOp::And:
      return "&";
    case BinaryOp::Or:
      return "|";
    case BinaryOp::Xor:
      return "^";
    case BinaryOp::AndNot:
      return "&^";
    case BinaryOp::Shl:
      return "<<";
    case BinaryOp::Shr:
      return ">>";
    case BinaryOp::Eq:
      return "==";
    case BinaryOp::Ne:
      return "!=";
    case BinaryOp::Lt:
      return "<";
    case BinaryOp::Le:
      return "<=";
    case BinaryOp::Gt:
      return ">";
    case BinaryOp::Ge:
      return ">=";
    case BinaryOp::LogAnd:
      return "&&";
    case BinaryOp::LogOr:
      return "||";
  }
  throw std::logic_error("bad BinaryOp");
}

namespace {

int precedence(BinaryOp op) {
  switch (op) {
    case BinaryOp::LogOr:
      return 1;
    case BinaryOp::LogAnd:
      return 2;
    case BinaryOp::Eq:
    case BinaryOp::Ne:
    case BinaryOp::Lt:
    case BinaryOp::Le:
    case BinaryOp::Gt:
    case BinaryOp::Ge:
      return 3;
    case BinaryOp::Add:
    case BinaryOp::Sub:
    case BinaryOp::Or:
    case BinaryOp::Xor:
      return 4;
    default:
      return 5;
  }
}

std::string args_string(const std::vector<ExprPtr>& args) {
  std::string s;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i) s += ", ";
    s += args[i] ? expr_string(*args[i]) : "?";
  }
  return s;
}

struct Printer {
  std::string operator()(const IntLit& n) const { return std::to_string(n.value); }
  std::string operator()(const StringLit& n) const { return quote_go_string(n.value); }
  std::string operator()(const BoolLit& n) const { return n.value ? "true" : "false"; }
  std::string operator()(const NilLit&) const { return "nil"; }
  std::string operator()(const EmptyStructLit&) const { return "struct{}{}"; }
  std::string operator()(const Ident& n) const { return n.name; }
  std::string operator()(const Selector& n) const { return expr_string(*n.x) + "." + n.name; }
  std::string operator()(const Unary& n) const {
    const char* op = n.op == UnaryOp::Neg    ? "-"
                     : n.op == UnaryOp::Plus ? "+"
                     : n.op == UnaryOp::Not  ? "!"
                                             : "^";
    return op + expr_string(*n.x);
  }
  std::string operator()(const Binary& n) const {
    auto side = [&](const Expr& x) {
      std::string s = expr_string(x);
      if (auto* b = std::get_if<Binary>(&x.node); b && precedence(b->op) < precedence(n.op))
        return "(" + s + ")";
      return s;
    };
    return side(*n.x) + " " + binary_op_text(n.op) + " " + side(*n.y);
  }
  std::string operator()(const Index& n) const {
    return (n.x ? expr_string(*n.x) : "?") + "[" + (n.index ? expr_string(*n.index) : "?") + "]";
  }
  std::string operator()(const Call& n) const {
    std::string callee;
    if (n.callee) {
      callee = expr_string(*n.callee);
    } else if (n.builtin) {
      std::string_view name = builtin_name(*n.builtin);
      if (n.receiver) {
        callee = expr_string(*n.receiver) + "." + std::string(name.substr(name.rfind('.') + 1));
      } else {
        callee = std::string(name);
      }
    } else {
      callee = "func";
    }
    return callee + "(" + args_string(n.args) + ")";
  }
  std::string operator()(const Make& n) const {
    return "make(" + (n.type ? n.type->text : "?") + (n.size ? ", " + expr_string(*n.size) : "") +
           ")";
  }
  std::string operator()(const MapLit& n) const { return (n.type ? n.type->text : "?") + "{…}"; }
  std::string operator()(const FuncLit&) const { return "func literal"; }
  std::string operator()(const Recv& n) const { return "<-" + expr_string(*n.ch); }
  std::string operator()(const TypeAssert& n) const {
    return expr_string(*n.x) + ".(" + (n.type ? n.type->text : "type") + ")";
  }
  std::string operator()(const Conversion& n) const {
    return (n.to ? n.to->text : "?") + "(" + (n.x ? expr_string(*n.x) : "?") + ")";
  }
};

}  // namespace

std::string expr_string(const Expr& e) {
  return std::visit(Printer{}, e.node);
}

std::string quote_go_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\v':
        out += "\\v";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        if (c < 0x20 || c == 0x7f)
          out += fmt::format("\\x{:02x}", c);
        else
          out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace mapcheck::specs
