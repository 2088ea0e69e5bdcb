// Names of IR kinds, the structural validation of a Program, and its readable dump.
#include "model/program.h"

#include <stdexcept>

#include <fmt/format.h>

namespace mapcheck::model {

std::string_view vtype_name(VType t) {
  switch (t) {
    case VType::int_:
      return "int";
    case VType::string_:
      return "string";
    case VType::bool_:
      return "bool";
    case VType::map:
      return "map";
    case VType::func:
      return "func";
    case VType::any:
      return "any";
    case VType::unit:
      return "struct{}";
    case VType::chan:
      return "chan";
    case VType::mutex:
      return "sync.Mutex";
    case VType::rwmutex:
      return "sync.RWMutex";
    case VType::waitgroup:
      return "sync.WaitGroup";
    case VType::atomic_int32:
      return "atomic.Int32";
    case VType::atomic_int64:
      return "atomic.Int64";
    case VType::atomic_value:
      return "atomic.Value";
  }
  return "?";
}

bool vtype_is_sync(VType t) {
  switch (t) {
    case VType::mutex:
    case VType::rwmutex:
    case VType::waitgroup:
    case VType::atomic_int32:
    case VType::atomic_int64:
    case VType::atomic_value:
      return true;
    default:
      return false;
  }
}

std::string_view opcode_name(Opcode op) {
  switch (op) {
#define MAPCHECK_X(name, text, vis) \
  case Opcode::name:                \
    return text;
    MAPCHECK_OPCODES(MAPCHECK_X)
#undef MAPCHECK_X
  }
  return "?";
}

bool opcode_is_shared(Opcode op) {
  constexpr bool local = false;
  constexpr bool shared = true;
  switch (op) {
#define MAPCHECK_X(name, text, vis) \
  case Opcode::name:                \
    return vis;
    MAPCHECK_OPCODES(MAPCHECK_X)
#undef MAPCHECK_X
  }
  (void)local;
  (void)shared;
  return true;
}

std::string_view arith_name(Arith a) {
  switch (a) {
    case Arith::add:
      return "add";
    case Arith::sub:
      return "sub";
    case Arith::mul:
      return "mul";
    case Arith::div:
      return "div";
    case Arith::rem:
      return "rem";
    case Arith::and_:
      return "and";
    case Arith::or_:
      return "or";
    case Arith::xor_:
      return "xor";
    case Arith::shl:
      return "shl";
    case Arith::shr:
      return "shr";
    case Arith::and_not:
      return "andnot";
    case Arith::eq:
      return "eq";
    case Arith::ne:
      return "ne";
    case Arith::lt:
      return "lt";
    case Arith::le:
      return "le";
    case Arith::gt:
      return "gt";
    case Arith::ge:
      return "ge";
    case Arith::neg:
      return "neg";
    case Arith::not_:
      return "not";
    case Arith::bit_not:
      return "bitnot";
  }
  return "?";
}

std::string_view Program::source_line(SpecLoc loc) const {
  if (loc.line == 0 || loc.line > source_lines.size()) return {};
  std::string_view s = source_lines[loc.line - 1];
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

void validate(const Program& p) {
  auto fail = [&](const Function& f, std::size_t pc, std::string_view what) {
    throw std::logic_error(fmt::format("invalid program: {} pc {}: {}", f.name, pc, what));
  };
  if (p.entry.v >= p.functions.size()) throw std::logic_error("invalid program: no entry");
  if (p.function(p.entry).num_params != 0)
    throw std::logic_error("invalid program: entry takes parameters");
  for (const Function& f : p.functions) {
    if (f.num_captures > f.num_params || f.num_params > f.num_regs)
      fail(f, 0, "params exceed registers");
    if (f.code.empty()) fail(f, 0, "empty code");
    for (const ResultReg& r : f.results)
      if (r.reg.v >= f.num_regs) fail(f, 0, "result register out of range");
    for (std::size_t pc = 0; pc < f.code.size(); ++pc) {
      const Instr& in = f.code[pc];
      auto reg_ok = [&](const std::optional<Reg>& r) {
        if (r && r->v >= f.num_regs) fail(f, pc, "register out of range");
      };
      reg_ok(in.dst);
      reg_ok(in.dst2);
      for (Reg r : in.args)
        reg_ok(r);
      for (Reg r : in.results)
        reg_ok(r);
      switch (in.op) {
        case Opcode::jump:
        case Opcode::branch:
        case Opcode::branch_not:
        case Opcode::range_next:
          if (in.target >= f.code.size()) fail(f, pc, "jump target out of range");
          break;
        case Opcode::load_global:
        case Opcode::store_global:
          if (in.global.v >= p.globals.size()) fail(f, pc, "global out of range");
          break;
        case Opcode::call:
        case Opcode::go:
        case Opcode::defer_:
        case Opcode::closure:
          if (in.func && in.func->v >= p.functions.size()) fail(f, pc, "function out of range");
          if (!in.func && (in.op == Opcode::closure || in.args.empty()))
            fail(f, pc, "call of a func value without the value");
          break;
        default:
          break;
      }
      if ((in.op == Opcode::range_init || in.op == Opcode::range_next ||
           in.op == Opcode::range_end) &&
          in.iter.v >= f.num_iters)
        fail(f, pc, "iterator out of range");
    }
    const Opcode last = f.code.back().op;
    if (last != Opcode::ret && last != Opcode::jump && last != Opcode::panic_ &&
        last != Opcode::block)
      fail(f, f.code.size() - 1, "function does not end in ret, jump, panic or block");
  }
}

namespace {

std::string reg_list(const std::vector<Reg>& rs) {
  std::string s;
  for (Reg r : rs)
    s += fmt::format(" {}", r);
  return s;
}

std::string imm_text(const Value& v) {
  switch (v.kind()) {
    case ValueKind::int_:
      return fmt::format("{}", v.as_int());
    case ValueKind::string_:
      return fmt::format("\"{}\"", v.as_string());
    case ValueKind::bool_:
      return v.as_bool() ? "true" : "false";
  }
  return "?";
}

}  // namespace

std::string dump(const Program& p) {
  std::string out;
  for (std::size_t fi = 0; fi < p.functions.size(); ++fi) {
    const Function& f = p.functions[fi];
    out += fmt::format("func f{} {} params={} captures={} regs={} iters={} results=", fi, f.name,
                       f.num_params, f.num_captures, f.num_regs, f.num_iters);
    for (const ResultReg& r : f.results)
      out += fmt::format("{}{} ", r.in_cell ? "*" : "", r.reg);
    out += "\n";
    for (std::size_t pc = 0; pc < f.code.size(); ++pc) {
      const Instr& in = f.code[pc];
      std::string line = fmt::format("  {}: ", pc);
      if (in.dst) line += fmt::format("{}", *in.dst);
      if (in.dst2) line += fmt::format(", {}", *in.dst2);
      if (in.dst) line += " = ";
      line += opcode_name(in.op);
      switch (in.op) {
        case Opcode::const_:
          line += " " + imm_text(in.imm);
          break;
        case Opcode::zero:
        case Opcode::type_assert:
          line += fmt::format(" {}", vtype_name(in.type));
          break;
        case Opcode::unary:
        case Opcode::binary:
          line += fmt::format(" {}", arith_name(in.arith));
          break;
        case Opcode::load_global:
        case Opcode::store_global:
          line += fmt::format(" {}", p.globals.at(in.global.v).name);
          break;
        case Opcode::jump:
        case Opcode::branch:
        case Opcode::branch_not:
          line += fmt::format(" ->{}", in.target);
          break;
        case Opcode::range_init:
        case Opcode::range_end:
          line += fmt::format(" {}", in.iter);
          break;
        case Opcode::range_next:
          line += fmt::format(" {} end->{}", in.iter, in.target);
          break;
        case Opcode::call:
        case Opcode::go:
        case Opcode::defer_:
        case Opcode::closure:
          if (in.func) line += fmt::format(" {}", p.functions.at(in.func->v).name);
          break;
        default:
          break;
      }
      line += reg_list(in.args);
      if (!in.results.empty()) line += " ->" + reg_list(in.results);
      if (in.loc.line != 0) line += fmt::format(" ; {}:{}", in.loc.line, in.loc.col);
      out += line + "\n";
    }
  }
  return out;
}

}  // namespace mapcheck::model
