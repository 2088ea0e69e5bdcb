// Program: the lowered form of a spec that the interpreter runs. Functions hold a flat,
// register-based instruction list; every instruction carries its spec location, and the
// program keeps the spec's source lines for traces. The IR knows nothing about search and
// nothing about how a map is implemented; it says *what* the Go program does, the
// interpreter (model/interpreter.h) decides which instructions are visible steps.
//
// Adding an opcode (checklist): 1. a line in MAPCHECK_OPCODES below; 2. its case in
// interpreter.cpp's `execute` switch (-Werror=switch finds it) and, if it touches shared
// state, in `next_access`; 3. the lowering in specs/lower.cpp that emits it.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/ids.h"
#include "model/sync_op.h"
#include "model/value.h"

namespace mapcheck::model {

/** A position in the spec; line and column count from 1 (0 = synthesized, no position). */
struct SpecLoc {
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  auto operator<=>(const SpecLoc&) const = default;
};

/** The run-time representation class of a register, a global or a cell: enough for zero
 *  values. int covers Go's int and time.Duration (int64, wraps); unit is struct{}; func is a
 *  closure value (nil when zero); any is an interface (nil when zero); chan is a channel
 *  (nil when zero). The sync kinds (mutex .. atomic_value) are sync variables: their zero
 *  value is a fresh object in World::syncs (see `zero`), which the variable keeps. */
enum class VType : std::uint8_t {
  int_,
  string_,
  bool_,
  map,
  func,
  any,
  unit,
  chan,
  mutex,
  rwmutex,
  waitgroup,
  atomic_int32,
  atomic_int64,
  atomic_value
};

/** True for the sync variable kinds (mutex .. atomic_value). */
bool vtype_is_sync(VType t);

std::string_view vtype_name(VType t);

// X(name, "mnemonic", visibility) -- visibility: local = never a step of its own;
// shared = a visible step (touches a shared object, prints, yields, starts a goroutine, or
// blocks). Operands: `dst`, `dst2` results; `args` operand registers; the rest as listed.
#define MAPCHECK_OPCODES(X)                                                                       \
  /* data movement */                                                                             \
  X(nop, "nop", local)                    /* nothing */                                           \
  X(const_, "const", local)               /* dst = imm */                                         \
  X(zero, "zero", local)                  /* dst = zero value of `type` */                        \
  X(move, "move", local)                  /* dst = args[0] */                                     \
  X(new_cell, "new_cell", local)          /* dst = &cell{args[0]}: a fresh heap cell */           \
  X(load_cell, "load_cell", shared)       /* dst = *args[0] (a cell reference) */                 \
  X(store_cell, "store_cell", shared)     /* *args[0] = args[1] */                                \
  X(load_global, "load_global", shared)   /* dst = globals[global] */                             \
  X(store_global, "store_global", shared) /* globals[global] = args[0] */                         \
  X(closure, "closure", local)            /* dst = func value of `func` capturing args (cells) */ \
  /* arithmetic and tests */                                                                      \
  X(unary, "unary", local)           /* dst = arith args[0] (neg, not_) */                        \
  X(binary, "binary", local)         /* dst = args[0] arith args[1]; may panic (div) */           \
  X(is_nil, "is_nil", local)         /* dst = args[0] == nil (map, func or any) */                \
  X(len_string, "len_string", local) /* dst = len(args[0]) */                                     \
  X(len_map, "len_map", shared)      /* dst = len(args[0]): reads h.count, no check */            \
  /* control */                                                                                   \
  X(jump, "jump", local)               /* goto target */                                          \
  X(branch, "branch", local)           /* if args[0] goto target */                               \
  X(branch_not, "branch_not", local)   /* if !args[0] goto target */                              \
  X(call, "call", local)               /* results = callee(args); see Instr::func */              \
  X(ret, "ret", local)                 /* result regs = args; run defers; return */               \
  X(go, "go", shared)                  /* new goroutine running callee(args) */                   \
  X(defer_, "defer", local)            /* push callee(args) on the frame's defer list */          \
  X(panic_, "panic", local)            /* panic(args[0]) */                                       \
  X(recover, "recover", local)         /* dst = recover() */                                      \
  X(type_assert, "type_assert", local) /* dst[, dst2 ok] = args[0].(type); may panic */           \
  X(yield, "yield", shared)            /* runtime.Gosched(), time.Sleep(d): a yield */            \
  X(block, "block", shared)            /* select{}: block forever */                              \
  /* fmt */                                                                                       \
  X(print, "print", shared)  /* fmt.Print/Println/Printf(args) to stdout */                       \
  X(sprint, "sprint", local) /* dst = fmt.Sprint/Sprintln/Sprintf(args) */                        \
  /* maps; args[0] is the map */                                                                  \
  X(make_map, "make_map", local)      /* dst = make(map[key]elem[, args[0] hint]) */              \
  X(map_init, "map_init", local)      /* args[0][args[1]] = args[2] on a fresh map */             \
  X(map_get, "map_get", shared)       /* dst = args[0][args[1]] */                                \
  X(map_get2, "map_get2", shared)     /* dst, dst2 = args[0][args[1]] */                          \
  X(map_set, "map_set", shared)       /* args[0][args[1]] = args[2]: assign, then store */        \
  X(map_delete, "map_delete", shared) /* delete(args[0], args[1]) */                              \
  X(map_clear, "map_clear", shared)   /* clear(args[0]) */                                        \
  X(range_init, "range_init", shared) /* iter = range over args[0] (mapiterinit) */               \
  X(range_next, "range_next", shared) /* dst, dst2 = next of iter, or goto target */              \
  X(range_end, "range_end", local)    /* the loop is left: drop iter */                           \
  /* sync objects and channels (model/sync_object.h); args[0] is the object */                    \
  X(sync_ref, "sync_ref", local)      /* dst = the sync object of global `global` or of cell      \
                                         args[0]: never reassigned, so reading it is local */     \
  X(sync_op, "sync_op", shared)       /* [dst =] args[0].`sync`(args[1..]); may wait */           \
  X(make_chan, "make_chan", local)    /* dst = make(chan `type`[, args[0] size]) */               \
  X(chan_send, "chan_send", shared)   /* args[0] <- args[1]; may wait */                          \
  X(chan_recv, "chan_recv", shared)   /* dst[, dst2 ok] = <-args[0]; may wait */                  \
  X(chan_range, "chan_range", shared) /* dst = <-args[0], or goto target once closed, drained */  \
  X(chan_close, "chan_close", shared) /* close(args[0]) */                                        \
  X(len_chan, "len_chan", shared)     /* dst = len(args[0]): values buffered (0 for nil) */       \
  X(select_, "select", shared)        /* select over `arms`; default (if has_default) -> target */

/** Every instruction kind, listed once in MAPCHECK_OPCODES. */
enum class Opcode : std::uint8_t {
#define MAPCHECK_X(name, text, vis) name,
  MAPCHECK_OPCODES(MAPCHECK_X)
#undef MAPCHECK_X
};

/** The mnemonic of an opcode, as dumps print it. */
std::string_view opcode_name(Opcode op);

/** True if the opcode can be a visible step (touches shared state); local opcodes are always
 *  merged into the step before them. (A shared opcode on a nil map is still local.) */
bool opcode_is_shared(Opcode op);

/** The operator of `unary` and `binary`. Arithmetic is on int64 with Go's wrap-around;
 *  div and rem panic "runtime error: integer divide by zero" on a zero divisor; shl/shr panic
 *  "runtime error: negative shift amount" on a negative count. add on strings concatenates;
 *  eq..ge compare ints, strings (bytewise) or bools (eq, ne). */
enum class Arith : std::uint8_t {
  add,
  sub,
  mul,
  div,
  rem,
  and_,
  or_,
  xor_,
  shl,
  shr,
  and_not,  //
  eq,
  ne,
  lt,
  le,
  gt,
  ge,  //
  neg,
  not_,
  bit_not
};

std::string_view arith_name(Arith a);

/** Which fmt function a print/sprint instruction mirrors. For printf, args[0] is the format. */
enum class FmtKind : std::uint8_t { print, println, printf };

/** One case of a `select`: a send of `value` on `ch`, or a receive from `ch` into `dst`
 *  (and `dst2` ok), both optional. The case's body starts at `target`. */
struct SelectArm {
  bool send = false;
  Reg ch;
  std::optional<Reg> value;
  std::optional<Reg> dst;
  std::optional<Reg> dst2;
  std::uint32_t target = 0;
  auto operator<=>(const SelectArm&) const = default;
};

/** One instruction. Which fields matter depends on `op` (see MAPCHECK_OPCODES); unused ones
 *  stay at their defaults. Invariant: every register is < the function's num_regs, every
 *  target <= code.size() (code.size() is never reached by a well-formed function, which ends
 *  in ret). */
struct Instr {
  Opcode op = Opcode::nop;
  std::optional<Reg> dst;
  std::optional<Reg> dst2;
  std::vector<Reg> args;
  /** const_: the constant (int, string or bool). */
  Value imm;
  /** zero, type_assert: the type. make_chan: the element type. make_map: unused (see
   *  key/elem). */
  VType type = VType::int_;
  /** make_map: key and element kinds; map_get/map_get2/range_next: elem is the map's element
   *  kind (the zero value a nil map yields). */
  ValueKind key = ValueKind::int_;
  ValueKind elem = ValueKind::int_;
  /** jump/branch/branch_not: the pc to go to; range_next: the pc after the loop. */
  std::uint32_t target = 0;
  /** call/go/defer_/closure: the callee. For call/go/defer_ nullopt means args[0] is a
   *  func value (closure) whose captured cells are passed before the remaining args. */
  std::optional<FuncId> func;
  /** load_global/store_global. */
  GlobalId global;
  /** range_init/range_next: the frame's hidden iterator. */
  IterSlot iter;
  /** unary/binary. */
  Arith arith = Arith::add;
  /** print/sprint. */
  FmtKind fmt = FmtKind::println;
  /** print/sprint: per operand in `args`, Go's name of its static type for %T and for
   *  time.Duration's String method ("" for an interface operand: its value tells its dynamic
   *  type); empty means every operand is an interface. panic_: "time.Duration" when the
   *  value is one (the runtime prints it with String()), else empty. The registers hold no
   *  type names (time.Duration is an int there). */
  std::vector<std::string> static_types;
  /** call: result registers of the caller receiving the callee's results, in order. */
  std::vector<Reg> results;
  /** sync_op: the method. */
  SyncOp sync = SyncOp::mutex_lock;
  /** select_: the cases in source order; has_default: a default case, whose body starts at
   *  `target`. */
  std::vector<SelectArm> arms;
  bool has_default = false;
  /** Where in the spec this instruction comes from (for traces). */
  SpecLoc loc;
};

/** One result of a function: a register, or (in_cell) a register holding the cell of a
 *  captured named result, read when the function returns. SIMPLIFIED: that final read is
 *  part of the returning step, not a step of its own. */
struct ResultReg {
  Reg reg;
  bool in_cell = false;
  auto operator<=>(const ResultReg&) const = default;
};

/** One function. Registers [0, num_params) hold the parameters on entry: first the captured
 *  cells of a closure (num_captures of them), then the declared parameters. All other
 *  registers start as int 0 and must be written before they are read (the lowering emits
 *  `zero` for declared variables). */
struct Function {
  std::string name;
  SpecLoc loc;
  std::uint32_t num_captures = 0;
  /** Includes the captures. */
  std::uint32_t num_params = 0;
  /** Where the results are when the function returns (after its deferred calls ran). A
   *  named result captured by a closure lives in a cell; its register holds the cell. */
  std::vector<ResultReg> results;
  std::uint32_t num_regs = 0;
  std::uint32_t num_iters = 0;
  std::vector<Instr> code;
};

/** A package-level variable. Its zero value is set before `entry` runs; initialisers are
 *  code in `entry` (store_global). */
struct Global {
  std::string name;
  VType type = VType::int_;
  SpecLoc loc;
};

/** A lowered spec: what initial_world needs to build the first World. */
struct Program {
  /** The spec's file name as given (for traces). */
  std::string file;
  /** The spec's source, one entry per line, without line terminators (line n is [n-1]). */
  std::vector<std::string> source_lines;
  std::vector<Global> globals;
  std::vector<Function> functions;
  /** The function goroutine 1 starts in: initialises globals, then runs main.main. When it
   *  returns, the program exits. Takes no parameters. */
  FuncId entry;

  const Function& function(FuncId f) const { return functions.at(f.v); }
  /** The spec source line at `loc` (trimmed of leading blanks), or "" if out of range. */
  std::string_view source_line(SpecLoc loc) const;
};

/** Checks the invariants above (register, target, function and global indices in range,
 *  every function ends in ret or jump); throws std::logic_error naming the first problem. */
void validate(const Program& p);

/** A readable listing of the program, one instruction a line ("  3: r2 = binary add r0 r1
 *  ; 5:7"), for tests and debugging. */
std::string dump(const Program& p);

}  // namespace mapcheck::model
