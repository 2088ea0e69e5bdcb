/* hmap.pml: Go's map (runtime/map_fast64.go, map.go, Go 1.22) for int keys, as mapcheck's
 * model steps it at grain=phase (model/map_steps.def), for the map models in bench/spin/.
 * One d_step is one mapcheck step: it runs the micro-steps from a phase boundary up to the
 * next one. A process keeps its MapPc in its local `pc`, as mapcheck keeps it in the call.
 *
 * Scope (SIMPLIFIED, see README.md): int keys 1..24 and int elems; B <= 2 (grows from B=0
 * to 1 at the 9th key and from 1 to 2 at the 14th; a third grow would need 27 keys); no
 * overflow buckets (an insert into a full bucket, or a grow past B=2, which only racing
 * writers that corrupt the count can cause, ends the run as UNMODELLED); hash0 = 0; no delete or clear; sameSizeGrow
 * never happens (it needs overflow buckets). A fatal error or panic sets `ended` and fails an
 * assert, so pan counts it as an error; every process stops at once (each step requires
 * ended == 0), as a Go program dies. */

/* hmap.flags bits (map.go L106-110) */
#define ITERATOR	1
#define OLD_ITERATOR	2
#define HASH_WRITING	4

/* tophash values (map.go L98-104); FILLED stands for every tophash >= minTopHash: fast64
 * compares the keys themselves, and the tophash is a function of the key. */
#define EMPTY_REST	0
#define EMPTY_ONE	1
#define EVAC_X		2
#define EVAC_Y		3
#define EVAC_EMPTY	4
#define FILLED		5
#define IS_EMPTY(t)	((t) <= EMPTY_ONE)
#define EVACUATED(t)	((t) > EMPTY_ONE && (t) < FILLED)

/* Bucket arrays, by id: one per B, since each grow doubles: ARR(B) = B + 1 holds 2^B
 * buckets of 8 cells, at cells BASE(a)...: B=0 at 0..7, B=1 at 8..23, B=2 at 24..55. A cell
 * index is (array, bucket, i) flattened. */
#define NIL	0
#define ARR0	1
#define ARR(b)	((b) + 1)
#define NCELLS	56
#define BASE(a)	((a) == 1 -> 0 : ((a) == 2 -> 8 : 24))
#define CELL(a, bk, i)	(BASE(a) + (bk) * 8 + (i))
#define MASK(b)		((1 << (b)) - 1)

/* The two low bits of hash=mix (splitmix64, seed 0; model/hasher.cpp) of each key 1..24:
 * bit k of HBIT0 and of HBIT1. B <= 2 needs no other bit. */
#define HBIT0	2341002
#define HBIT1	15168948
#define HASH(k)	(((HBIT0 >> (k)) & 1) | (((HBIT1 >> (k)) & 1) << 1))
/* overLoadFactor(c, B): c > 8 && c > 6.5 * 2^B */
#define OVERLOAD(c, b)	((c) > 8 && 2 * (c) > 13 * (1 << (b)))

/* How the program ended: 0 still running, 1 main returned, else a fatal error or panic. */
#define RUNNING		0
#define EXITED		1
#define F_WRITES	2	/* fatal "concurrent map writes" */
#define F_ITER_WRITE	3	/* fatal "concurrent map iteration and map write" */
#define F_READ_WRITE	4	/* fatal "concurrent map read and map write" */
#define F_FAULT		5	/* fatal "fault" (iterator past the end of its array) */
#define P_NIL_DEREF	6	/* panic: nil pointer dereference (the same) */
#define F_SIGNAL	7	/* a nil oldbuckets/buckets dereference in evacuate */
#define UNMODELLED	8	/* SIMPLIFIED: an overflow bucket or a second grow was needed */

byte ended;
byte flags, count, hB, nevacuate;
byte buckets = INIT_BUCKETS, oldbuckets;
byte top[NCELLS], key[NCELLS], elem[NCELLS];

/* Inside a d_step: end the program with code c; the assert makes pan count it. As in mapcheck
 * (model/map_call.cpp run_step), the failing call's pc becomes `finished` (FIN), so two
 * goroutines failing from the same state give two states. FATAL_AT names the pc variable. */
#define FIN	99
#define FATAL_AT(c, pcvar)	ended = c; pcvar = FIN; assert(ended < F_WRITES)
#define FATAL(c)	FATAL_AT(c, pc)

/* h.noldbuckets() while growing (never a same-size grow here): 2^(B-1). */
#define NEWBIT	(1 << (hB - 1))
/* Buckets in array a (a = ARR(b) holds 2^b): racing writers can leave h.B and the arrays
 * out of step, and mapcheck then finds no bucket at an index past the end. */
#define NBUCKETS(a)	(1 << ((a) - 1))

/* Writer (mapassign_fast64 + the caller's store) pcs: one per phase boundary. */
#define A_CHECK		1	/* assign_check */
#define A_TOGGLE	2	/* assign_toggle + _store */
#define A_ALLOC		3	/* assign_alloc */
#define A_AGAIN		4	/* assign_again */
#define A_SEARCH	5	/* assign_search (+ search_ovf) */
#define A_GROW_CHECK	6	/* assign_grow_check */
#define A_INSERT	7	/* assign_insert_top + insert_key + count */
#define A_DONE_CHECK	8	/* assign_done_check */
#define A_UNFLAG	9	/* assign_unflag + _store */
#define A_STORE		10	/* assign_store: *p = v after mapassign returned p */
#define G_SIZE		11	/* grow_size + grow_alloc */
#define G_FLAGS		12	/* grow_flags */
#define G_COMMIT	13	/* grow_commit */
#define GW_FIRST	14	/* growwork_first */
#define E_BEGIN		15	/* evac_begin + evac_cell... (+ mark_check + advance_mark) */
#define E_CLEAR_OLD	16	/* evac_clear_old + mark_check (+ advance_mark) */
#define E_ADV_DONE	17	/* advance_done */
#define GW_SECOND	18	/* growwork_second */
#define A_BEGIN		19	/* the interpreter's step that starts the statement m[k] = v */
#define DONE		0

/* A writer's locals besides k and v (the key and elem being assigned, declared by the
 * model), one per field of mapcheck's MapCall that an assignment sets (model/map_call.h),
 * kept as long as mapcheck keeps them, so that states correspond one to one:
 *   pc; b = bucket; slot = insert (cell + 1; 0 = none), then the returned slot (`store`);
 *   found; ftmp = flags_tmp; big = bigger; gold, gnew = grow_old, grow_new; ret (1 once
 *   growWork was started: ret = assign_search); stage = growwork_stage; evold = evac_old;
 *   nb = newbit; dset, dx, dy = dst_x and dst_y (set, and their i).
 * The call ends with mapassign (A_UNFLAG): everything but slot is zeroed then. The model
 * defines inline next_op(), run by the step that ends an assignment: start the next one
 * (pc = A_BEGIN) or go on with the program. */
#ifndef PC0
#define PC0	A_BEGIN	/* where a writer process starts (a model may start it elsewhere) */
#endif
#define WRITER_LOCALS \
	byte pc = PC0, b, slot, found, ftmp, big, gold, gnew, ret, stage, evold, nb, \
		dset, dx, dy

#define END_CALL	b = 0; found = 0; ftmp = 0; big = 0; gold = 0; gnew = 0; ret = 0; \
	stage = 0; evold = 0; nb = 0; dset = 0; dx = 0; dy = 0

/* The step of a writer at `pc` (mapassign_fast64 and what it calls). */
inline assign_step()
{
	if
	:: pc == A_BEGIN ->	/* the statement's own step (mapcheck: "m[k] = v (after go)") */
		pc = A_CHECK
	:: pc == A_CHECK ->	/* if h.flags&hashWriting != 0 { fatal("concurrent map writes") } */
		if
		:: (flags & HASH_WRITING) != 0 -> FATAL(F_WRITES)
		:: else -> pc = A_TOGGLE
		fi
	:: pc == A_TOGGLE ->	/* h.flags ^= hashWriting */
		ftmp = flags ^ HASH_WRITING; flags = ftmp; pc = A_ALLOC
	:: pc == A_ALLOC ->	/* if h.buckets == nil { h.buckets = newobject(t.Bucket) } */
		if
		:: buckets == NIL -> buckets = ARR0
		:: else -> skip
		fi;
		pc = A_AGAIN
	:: pc == A_AGAIN ->	/* bucket := hash & bucketMask(h.B); if h.growing() { growWork } */
		b = HASH(k) & MASK(hB);
		if
		:: oldbuckets != NIL -> ret = 1; stage = 0; pc = GW_FIRST
		:: else -> pc = A_SEARCH
		fi
	:: pc == A_SEARCH ->	/* bucketloop: first empty cell or the key; emptyRest ends it */
		assign_search()
	:: pc == A_GROW_CHECK ->	/* if !h.growing() && overLoadFactor(h.count+1, h.B) { hashGrow } */
		if
		:: oldbuckets == NIL && OVERLOAD(count + 1, hB) && hB < 2 -> pc = G_SIZE
		:: oldbuckets == NIL && OVERLOAD(count + 1, hB) && hB == 2 -> FATAL(UNMODELLED)
		:: else ->
			if
			:: slot == 0 -> FATAL(UNMODELLED)	/* h.newoverflow: not modelled */
			:: else -> pc = A_INSERT
			fi
		fi
	:: pc == A_INSERT ->	/* tophash, key, h.count++ */
		top[slot - 1] = FILLED; key[slot - 1] = k; count++; pc = A_DONE_CHECK
	:: pc == A_DONE_CHECK ->	/* if h.flags&hashWriting == 0 { fatal("concurrent map writes") } */
		if
		:: (flags & HASH_WRITING) == 0 -> FATAL(F_WRITES)
		:: else -> pc = A_UNFLAG
		fi
	:: pc == A_UNFLAG ->	/* h.flags &^= hashWriting; return the slot: the call ends */
		flags = flags & ~HASH_WRITING; END_CALL; pc = A_STORE
	:: pc == A_STORE ->	/* *p = v */
		elem[slot - 1] = v; slot = 0; next_op()
	:: pc == G_SIZE ->	/* bigger := 1; oldbuckets := h.buckets; newbuckets := makeBucketArray */
		big = 1; gold = buckets; gnew = ARR(hB + 1); pc = G_FLAGS
	:: pc == G_FLAGS ->	/* flags := h.flags &^ (iterator|oldIterator); ... |= oldIterator */
		ftmp = flags & ~(ITERATOR | OLD_ITERATOR);
		if
		:: (flags & ITERATOR) != 0 -> ftmp = ftmp | OLD_ITERATOR
		:: else -> skip
		fi;
		pc = G_COMMIT
	:: pc == G_COMMIT && hB >= 2 ->	/* racing grows would pass B=2: out of scope */
		FATAL(UNMODELLED)
	:: pc == G_COMMIT && hB < 2 ->	/* h.B++; h.flags = flags; h.oldbuckets, h.buckets; goto again */
		hB = hB + 1; flags = ftmp; oldbuckets = gold; buckets = gnew; nevacuate = 0;
		gold = 0; gnew = 0; pc = A_AGAIN
	:: pc == GW_FIRST ->	/* evacuate(t, h, bucket&h.oldbucketmask()) */
		if
		:: oldbuckets == NIL -> FATAL(F_SIGNAL)
		:: else -> evold = b & MASK(hB - 1); stage = 0; pc = E_BEGIN
		fi
	:: pc == E_BEGIN ->
		evacuate_begin()
	:: pc == E_CLEAR_OLD ->	/* int keys and elems hold no pointers: nothing to clear */
		evac_mark_check()
	:: pc == E_ADV_DONE ->	/* if h.nevacuate == newbit { h.oldbuckets = nil } */
		if
		:: nevacuate == nb -> oldbuckets = NIL
		:: else -> skip
		fi;
		after_evacuate()
	:: pc == GW_SECOND ->	/* if h.growing() { evacuate(t, h, h.nevacuate) } */
		if
		:: oldbuckets == NIL -> pc = A_SEARCH
		:: else -> evold = nevacuate; stage = 1; pc = E_BEGIN
		fi
	fi
}

/* bucketloop of mapassign_fast64 over the 8 cells of bucket b (no overflow chain). */
inline assign_search()
{
	slot = 0;
	found = 0;
	i = 0;
	do
	:: i == 8 -> pc = A_GROW_CHECK; break
	:: i < 8 ->
		c = CELL(buckets, b, i);
		if
		:: IS_EMPTY(top[c]) ->
			if
			:: slot == 0 -> slot = c + 1
			:: else -> skip
			fi;
			if
			:: top[c] == EMPTY_REST -> pc = A_GROW_CHECK; break
			:: else -> i++
			fi
		:: !IS_EMPTY(top[c]) && key[c] == k -> slot = c + 1; found = 1; pc = A_DONE_CHECK; break
		:: else -> i++
		fi
	od;
	i = 0; c = 0
}

/* evacuate_fast64 up to its first phase boundary: newbit := h.noldbuckets(); if the old
 * bucket evold is not evacuated yet, all its cells move to the new array (x: same index,
 * y: index + newbit), else straight on to the evacuation mark. */
inline evacuate_begin()
{
	if
	:: oldbuckets == NIL || buckets == NIL || evold >= NBUCKETS(oldbuckets) -> FATAL(F_SIGNAL)
	:: else ->
		nb = NEWBIT;
		if
		:: EVACUATED(top[CELL(oldbuckets, evold, 0)]) -> evac_mark_check()
		:: else ->
			i = 0; dset = 1; dx = 0; dy = 0;
			do
			:: i >= 8 -> break
			:: i < 8 ->
				c = CELL(oldbuckets, evold, i);
				if
				:: IS_EMPTY(top[c]) -> top[c] = EVAC_EMPTY; key[c] = 0; elem[c] = 0
				:: !IS_EMPTY(top[c]) && (HASH(key[c]) & nb) == 0 ->
					top[c] = EVAC_X;
					if
					:: dx >= 8 -> FATAL(UNMODELLED); i = 8	/* h.newoverflow */
					:: dx < 8 && evold >= NBUCKETS(buckets) -> dx++	/* no such bucket */
					:: else ->
						d = CELL(buckets, evold, dx); dx++;
						top[d] = FILLED; key[d] = key[c]; elem[d] = elem[c]
					fi
				:: else ->
					top[c] = EVAC_Y;
					if
					:: dy >= 8 -> FATAL(UNMODELLED); i = 8
					:: dy < 8 && evold + nb >= NBUCKETS(buckets) -> dy++
					:: else ->
						d = CELL(buckets, evold + nb, dy); dy++;
						top[d] = FILLED; key[d] = key[c]; elem[d] = elem[c]
					fi
				fi;
				i++
			od;
			i = 0; c = 0; d = 0;
			if
			:: ended == RUNNING -> pc = E_CLEAR_OLD
			:: else -> skip	/* UNMODELLED above */
			fi
		fi
	fi
}

/* if oldbucket == h.nevacuate { advanceEvacuationMark: h.nevacuate++; then past every
 * evacuated bucket up to newbit }. The destinations are dropped here. */
inline evac_mark_check()
{
	dset = 0; dx = 0; dy = 0;
	if
	:: evold == nevacuate ->
		nevacuate++;
		do
		:: nevacuate != nb && nevacuate < NBUCKETS(oldbuckets) &&
			EVACUATED(top[CELL(oldbuckets, nevacuate, 0)]) -> nevacuate++
		:: else -> break
		od;
		pc = E_ADV_DONE
	:: else -> after_evacuate()
	fi
}

inline after_evacuate()
{
	if
	:: stage == 0 -> pc = GW_SECOND
	:: else -> pc = A_SEARCH
	fi
}

/* The map becomes garbage (no goroutine can reach it any more): mapcheck drops it from the
 * world (model/world.cpp canonicalize), so two worlds that differ only in it are one state.
 * Zeroing it here keeps the correspondence. Uses the step temporary i. */
#define DROP_MAP	flags = 0; count = 0; hB = 0; nevacuate = 0; buckets = NIL; oldbuckets = NIL; \
	i = 0; \
	do \
	:: i < NCELLS -> top[i] = 0; key[i] = 0; elem[i] = 0; i++ \
	:: else -> break \
	od; \
	i = 0

/* Temporaries of one step (zero between steps, so they add no states). */
#define STEP_TEMPS	byte i, c, d
