// The hand-built traces the traces/ tests print: a realistic 11-step counterexample (main ranges
// over a full map while g2's insert grows it), and a tiny one with locks and channels.
#pragma once

#include <string>

#include "traces/trace.h"

namespace mapcheck::traces::testing {

/** The spec the example trace pretends to come from (claim1.go). */
inline const std::string kClaim1Source = R"(//go:build ignore

// expect: never fatal "concurrent map iteration and map write"
package main

import "fmt"

func main() {
	m := map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8}
	go func() {
		m[9] = 9
	}()
	for k := range m {
		fmt.Println(k)
	}
}
)";

inline std::vector<MapCell> full_bucket() {
  const std::uint8_t tops[8] = {0x9c, 0x27, 0xe1, 0x5a, 0x73, 0xb8, 0x0d, 0x41};
  std::vector<MapCell> cells;
  for (int k = 1; k <= 8; ++k)
    cells.push_back(MapCell{tops[k - 1], std::to_string(k), std::to_string(k)});
  return cells;
}

inline std::vector<MapCell> empty_bucket() {
  return std::vector<MapCell>(8);
}

inline TraceStep step(std::uint32_t index, std::uint32_t g, std::uint32_t line, std::uint32_t col,
                      std::string source, std::string function, std::string statement,
                      std::string event) {
  TraceStep s;
  s.index = StepIndex{index};
  s.goroutine = GoroutineId{g};
  s.line = line;
  s.col = col;
  s.source = std::move(source);
  s.function = std::move(function);
  s.statement = std::move(statement);
  if (!s.function.empty()) s.runtime_file = "runtime/map.go";
  s.event = std::move(event);
  return s;
}

/*
 * g1: m := {1..8} (B=0, one full bucket); go g2; for k := range m { fmt.Println(k) }
 * g2: m[9] = 9  -> 9th entry in a B=0 map: hashGrow to B=1
 *
 *   g1                                   g2
 *   1 m := map...{1: 1, ..., 8: 8}
 *   2 go func() {   ---------------------> 8
 *   3 mapiterinit: start 0, offset 3
 *   4 mapiterinit: flags |= iterator
 *   5 mapiternext: check (clear)
 *   6 mapiternext: k = 4
 *   7 fmt.Println(4)
 *                                        8 mapassign_fast64: check (clear)    preempts g1
 *                                        9 mapassign_fast64: flags ^= hashWriting
 *                                       10 hashGrow: B=1, oldbuckets = the full bucket
 *  11 mapiternext: sees hashWriting -> fatal                                  preempts g2
 */
inline Trace example_trace() {
  Trace t;
  t.spec_path = "specs/library/claim1.go";
  t.spec_hash = spec_hash(kClaim1Source);
  t.options = {{"runtime", "go1.23"}, {"grain", "phase"}, {"order", "all"}, {"hash", "mix"}};
  t.expectation = "never fatal \"concurrent map iteration and map write\"";
  t.verdict = Verdict::counterexample;
  const std::string lit = "m := map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8}";
  const std::string range = "for k := range m {";
  const std::string assign = "m[9] = 9";
  const std::string iter_check =
      "if h.flags&hashWriting != 0 { fatal(\"concurrent map iteration and map write\") }";

  TraceStep s1 = step(1, 1, 9, 2, lit, "makemap", "h.B = 0 (hint 8); 8 x mapassign_fast64", "map");
  s1.map = MapSnapshot{.map = MapId{0},
                       .B = 0,
                       .count = 8,
                       .flags = "",
                       .growing = false,
                       .nevacuate = 0,
                       .buckets = {MapBucket{BucketIndex{0}, full_bucket(), {}, false}},
                       .oldbuckets = {}};
  t.steps.push_back(s1);

  TraceStep s2 = step(2, 1, 10, 2, "go func() {", "", "", "go");
  s2.spawned = GoroutineId{2};
  t.steps.push_back(s2);

  TraceStep s3 =
      step(3, 1, 13, 2, range, "mapiterinit",
           "it.startBucket = r & bucketMask(h.B); it.offset = uint8(r >> h.B & 7)", "map");
  s3.choice = 3;
  s3.choice_text = "startBucket=0 offset=3";
  t.steps.push_back(s3);
  t.steps.push_back(
      step(4, 1, 13, 2, range, "mapiterinit", "atomic.Or8(&h.flags, iterator|oldIterator)", "map"));
  t.steps.push_back(step(5, 1, 13, 2, range, "mapiternext", iter_check, "map"));
  t.steps.push_back(step(6, 1, 13, 2, range, "mapiternext",
                         "it.key = k; it.elem = e (bucket 0, slot 3: k=4)", "map"));
  t.steps.push_back(step(7, 1, 14, 3, "fmt.Println(k)", "", "", "print"));

  TraceStep s8 = step(8, 2, 11, 3, assign, "mapassign_fast64",
                      "if h.flags&hashWriting != 0 { fatal(\"concurrent map writes\") }", "map");
  s8.sync_from = StepIndex{2};
  s8.preemption = true;
  t.steps.push_back(s8);
  t.steps.push_back(step(9, 2, 11, 3, assign, "mapassign_fast64", "h.flags ^= hashWriting", "map"));

  TraceStep s10 = step(10, 2, 11, 3, assign, "hashGrow",
                       "h.flags = flags; h.oldbuckets = oldbuckets; h.buckets = newbuckets", "map");
  s10.map = MapSnapshot{.map = MapId{0},
                        .B = 1,
                        .count = 8,
                        .flags = "oldIterator|hashWriting",
                        .growing = true,
                        .nevacuate = 0,
                        .buckets = {MapBucket{BucketIndex{0}, empty_bucket(), {}, false},
                                    MapBucket{BucketIndex{1}, empty_bucket(), {}, false}},
                        .oldbuckets = {MapBucket{BucketIndex{0}, full_bucket(), {}, false}}};
  t.steps.push_back(s10);

  TraceStep s11 = step(11, 1, 13, 2, range, "mapiternext", iter_check, "fatal");
  s11.deciding = true;
  s11.preemption = true;
  t.steps.push_back(s11);

  t.outcome = TraceOutcome{.kind = "fatal",
                           .message = "concurrent map iteration and map write",
                           .output = "4\n",
                           .leak = false};
  t.preemptions = 2;
  return t;
}

/*
 * A witness with every synchronisation edge kind and an overflow bucket:
 *   g1: mu.Lock(); go g2; m["a"] = 1 (overflow); mu.Unlock(); <-ch
 *   g2: mu.Lock() (after g1's Unlock); ch <- 1
 */
inline Trace sync_trace() {
  Trace t;
  t.spec_path = "sync.go";
  t.spec_hash = spec_hash("package main\n");
  t.options = {{"grain", "op"}};
  t.expectation = "sometimes exit";
  t.verdict = Verdict::witness;
  t.steps.push_back(step(1, 1, 5, 2, "mu.Lock()", "", "", "lock"));
  TraceStep go = step(2, 1, 6, 2, "go worker()", "", "", "go");
  go.spawned = GoroutineId{2};
  t.steps.push_back(go);
  TraceStep put = step(3, 1, 7, 2, "m[\"a\"] = 1", "mapassign_faststr", "", "map");
  std::vector<MapCell> over(8);
  over[0] = MapCell{0x31, "\"a\"", "1"};
  over[1] = MapCell{1, "", ""};
  over[2] = MapCell{0x77, "\"<b>&\"", "2"};
  put.map = MapSnapshot{.map = MapId{1},
                        .B = 0,
                        .count = 10,
                        .flags = "",
                        .growing = false,
                        .nevacuate = 0,
                        .buckets = {MapBucket{BucketIndex{0}, full_bucket(), {over}, false}},
                        .oldbuckets = {}};
  t.steps.push_back(put);
  t.steps.push_back(step(4, 1, 8, 2, "mu.Unlock()", "", "", "unlock"));
  TraceStep lock = step(5, 2, 12, 2, "mu.Lock()", "", "", "lock");
  lock.sync_from = StepIndex{4};
  t.steps.push_back(lock);
  TraceStep send = step(6, 2, 13, 2, "ch <- 1", "", "", "send");
  t.steps.push_back(send);
  TraceStep recv = step(7, 1, 9, 2, "<-ch", "", "", "recv");
  recv.sync_from = StepIndex{6};
  recv.deciding = true;
  t.steps.push_back(recv);
  t.outcome = TraceOutcome{.kind = "exit", .message = "", .output = "", .leak = true};
  t.preemptions = 0;
  return t;
}

/*
 * Two writers, main waits:
 *   g1: m := {}; wg.Add(2); go g2; go g3; wg.Wait() (blocks)
 *   g2: m[1] = 1: check clear, flags ^= hashWriting          (g1 blocked: no preemption)
 *   g3: m[2] = 2: check sees hashWriting -> fatal "concurrent map writes"   preempts g2
 */
inline Trace writers_trace() {
  Trace t;
  t.spec_path = "writers.go";
  t.spec_hash = spec_hash("package main\n");
  t.options = {{"runtime", "go1.23"}};
  t.expectation = "never fatal \"concurrent map writes\"";
  t.verdict = Verdict::counterexample;
  TraceStep make = step(1, 1, 9, 2, "m := map[int]int{}", "makemap_small", "h := new(hmap)", "map");
  make.map = MapSnapshot{.map = MapId{0},
                         .B = 0,
                         .count = 0,
                         .flags = "",
                         .growing = false,
                         .nevacuate = 0,
                         .buckets = {},
                         .oldbuckets = {}};
  t.steps.push_back(make);
  t.steps.push_back(step(2, 1, 11, 2, "wg.Add(2)", "", "", "add"));
  TraceStep go2 = step(3, 1, 12, 2, "go func() { m[1] = 1; wg.Done() }()", "", "", "go");
  go2.spawned = GoroutineId{2};
  t.steps.push_back(go2);
  TraceStep go3 = step(4, 1, 13, 2, "go func() { m[2] = 2; wg.Done() }()", "", "", "go");
  go3.spawned = GoroutineId{3};
  t.steps.push_back(go3);
  t.steps.push_back(step(5, 1, 14, 2, "wg.Wait()", "", "", "wait"));
  const std::string check = "if h.flags&hashWriting != 0 { fatal(\"concurrent map writes\") }";
  t.steps.push_back(
      step(6, 2, 12, 14, "go func() { m[1] = 1; wg.Done() }()", "mapassign_fast64", check, "map"));
  TraceStep set = step(7, 2, 12, 14, "go func() { m[1] = 1; wg.Done() }()", "mapassign_fast64",
                       "h.flags ^= hashWriting", "map");
  set.map = MapSnapshot{.map = MapId{0},
                        .B = 0,
                        .count = 0,
                        .flags = "hashWriting",
                        .growing = false,
                        .nevacuate = 0,
                        .buckets = {MapBucket{BucketIndex{0}, empty_bucket(), {}, false}},
                        .oldbuckets = {}};
  t.steps.push_back(set);
  TraceStep fatal =
      step(8, 3, 13, 14, "go func() { m[2] = 2; wg.Done() }()", "mapassign_fast64", check, "fatal");
  fatal.preemption = true;
  fatal.deciding = true;
  t.steps.push_back(fatal);
  t.outcome = TraceOutcome{
      .kind = "fatal", .message = "concurrent map writes", .output = "", .leak = false};
  t.preemptions = 1;
  return t;
}

}  // namespace mapcheck::traces::testing
