/* ranger_growth.pml: main ranges over a map literal of NKEYS keys (-DNKEYS=n; keys and
 * elems 1..n) while a goroutine it started first assigns W more keys n+1..n+W (-DW=w) and
 * so can make the map grow (at the 9th key from B=0 to 1, at the 14th from B=1 to 2); main
 * counts the entries it sees, prints the count and returns:
 *     m := map[int]int{1: 1, ..., n: n}
 *     go func() { m[n+1] = n+1; ...; m[n+w] = n+w }()
 *     cnt := 0
 *     for range m { cnt++ }
 *     fmt.Println(cnt)
 * The Go program is bench/specs/ranger_growth/ranger_growth_nN.go (bench/specs/generate.sh; W is the number of inserts up to the grow). Steps as mapcheck's grain=phase
 * and order=all (every iterator start): hmap.pml, program.pml, and the iterator below.
 * Terminal: main returned (output cnt), fatal "concurrent map iteration and map write"
 * (the ranger caught the writer inside its hashWriting window), a fault or nil-dereference
 * panic (the start bucket drawn from a newer, larger B), or "concurrent map writes" (never:
 * one writer). pan counts every ending but main's return as an assertion error. */
#ifndef NKEYS
#define NKEYS 8
#endif
#ifndef W
#define W 1
#endif
#define NSLOTS 1
#define INIT_BUCKETS NIL
byte out;	/* what main printed: the count */
#include "hmap.pml"
#include "program.pml"

/* makemap(hint = NKEYS): the smallest B with !overLoadFactor(NKEYS, B). */
#define LIT_B	(NKEYS <= 8 -> 0 : (NKEYS <= 13 -> 1 : 2))

/* main's pcs (rpc): the go statement, then the range loop as mapiterinit and mapiternext
 * steps (map.go), then Println and the return. */
#define M_GO		1	/* go func() {...}() (the literal is built before it: one step) */
#define R_BEGIN		2	/* for range m { (the statement's own step) */
#define I_COUNT		3	/* iterinit_count + snapshot */
#define I_RAND		4	/* iterinit_rand: r, a choice among 2^h.B * 8 */
#define I_OR		5	/* iterinit_or + or_store */
#define N_CHECK		6	/* iternext_check */
#define N_ADVANCE	7	/* iternext_advance + bucket + cell... + emit (+ accessk...) */
#define N_BUCKET_OLD	8	/* iternext_bucket_old (+ cell...) */
#define N_FILTER	9	/* iternext_filter (+ cell...) */
#define AK_OLD		10	/* accessk_locate_old (+ accessk_scan, cell...) */
#define N_FAULT		11	/* iternext_fault: a choice of fatal "fault" or a nil-deref panic */
#define R_DYING		12	/* the panic unwound main: the next step ends the program */
#define R_PRINT		13	/* fmt.Println(cnt) */
#define M_EXIT		14	/* main returns */

/* Micro-steps inside one iterator step (at): the access rows of map_steps.def. */
#define S_STOP		0
#define S_BUCKET	1	/* iternext_bucket */
#define S_CELL		2	/* iternext_cell */
#define S_EMIT		3	/* iternext_emit */
#define S_AK_COUNT	4	/* accessk_count + accessk_locate */
#define S_AK_SCAN	5	/* accessk_scan */

#define ZERO_LOCALS	pc = A_BEGIN; k = 0; v = 0

/* After m[k] = v: the goroutine's next key, or it returns (its slot is freed at once). */
inline next_op()
{
	if
	:: k < NKEYS + W -> k++; v = k; pc = A_BEGIN
	:: else -> GO_EXIT
	fi
}

/* took the bucket at cell base `base` (check: the bucket to filter for, + 1; 0 = none):
 * bucket++; if bucket == bucketShift(it.B) { bucket = 0; it.wrapped = true }; i = 0 */
inline took(base, chk)
{
	bptr = base + 1; check = chk; ibk++;
	if
	:: ibk == (1 << itB) -> ibk = 0; wrapped = 1
	:: else -> skip
	fi;
	ii = 0
}

/* it.key = k; it.elem = e; it.i = i + 1; return: the loop body (cnt++) runs, the call ends. */
inline emit(kk, ee)
{
	ikey = kk; ielem = ee; ii++; cnt++; ci = 0; akey = 0; ab = 0; rpc = N_CHECK; at = S_STOP
}

/* mapaccessK missed (the key was deleted): continue with the next cell (c.key and c.b
 * stay set, as in mapcheck's MapCall, until the call ends). */
#define AK_MISS	ii++; at = S_CELL

/* Runs the iterator's access rows from `at` until a phase boundary or the end of the call. */
inline iter_run()
{
	do
	:: at == S_STOP -> break
	:: at == S_BUCKET ->
		if
		:: ibk == start && wrapped ->	/* the iteration is over: the loop ends */
			itB = 0; itbk = 0; start = 0; offset = 0; ibk = 0; wrapped = 0; bptr = 0;
			ii = 0; check = 0; ikey = 0; ielem = 0; rpc = R_PRINT; at = S_STOP
		:: !(ibk == start && wrapped) && ibk >= (1 << itB) -> rpc = N_FAULT; at = S_STOP
		:: !(ibk == start && wrapped) && ibk < (1 << itB) && oldbuckets != NIL && itB == hB ->
			rpc = N_BUCKET_OLD; at = S_STOP
		:: else -> took(CELL(itbk, ibk, 0), 0); at = S_CELL
		fi
	:: at == S_CELL ->
		if
		:: ii >= 8 -> bptr = 0; ii = 0; at = S_BUCKET	/* no overflow buckets */
		:: else ->
			c = bptr - 1 + ((ii + offset) & 7);
			if
			:: IS_EMPTY(top[c]) || top[c] == EVAC_EMPTY -> ii++
			:: else ->
				ci = c + 1;
				if
				:: check != 0 -> rpc = N_FILTER; at = S_STOP
				:: else -> at = S_EMIT
				fi
			fi
		fi
	:: at == S_EMIT ->
		if
		:: top[ci - 1] != EVAC_X && top[ci - 1] != EVAC_Y -> emit(key[ci - 1], elem[ci - 1])
		:: else -> akey = key[ci - 1]; at = S_AK_COUNT
		fi
	:: at == S_AK_COUNT ->
		if
		:: count == 0 -> AK_MISS
		:: else ->
			if
			:: buckets != NIL -> ab = CELL(buckets, HASH(akey) & MASK(hB), 0) + 1
			:: else -> ab = 0
			fi;
			if
			:: oldbuckets != NIL -> agold = oldbuckets; rpc = AK_OLD; at = S_STOP
			:: else -> at = S_AK_SCAN
			fi
		fi
	:: at == S_AK_SCAN ->
		if
		:: ab == 0 -> AK_MISS
		:: else ->
			i = 0;
			do
			:: i == 8 -> AK_MISS; break
			:: i < 8 && top[ab - 1 + i] == EMPTY_REST -> AK_MISS; break
			:: i < 8 && top[ab - 1 + i] >= FILLED && key[ab - 1 + i] == akey ->
				emit(key[ab - 1 + i], elem[ab - 1 + i]); break
			:: else -> i++
			od;
			i = 0
		fi
	od;
	c = 0	/* a statement after the loop: its break must stay inside the d_step */
}

/* One iterator choice of mapiterinit: r in [0, 2^h.B * 8). */
#define RAND_OPT(r) \
	:: d_step { ended == RUNNING && rpc == I_RAND && r < (8 << hB) -> \
		start = r & MASK(hB); offset = (r >> hB) & 7; ibk = start; rpc = I_OR }

active proctype main()
{
	/* cnt; the hiter (it.B, it.buckets, startBucket, offset, bucket, wrapped, bptr (cell
	 * base + 1), i, checkBucket (+ 1), key, elem); the call's c.i (ci, + 1), c.key (akey),
	 * c.b (ab, cell base + 1), c.grow_old (agold); at, s and lk are temporaries. */
	byte rpc = M_GO, cnt, itB, itbk, start, offset, ibk, wrapped, bptr, ii, check, ikey, ielem;
	byte ci, akey, ab, agold, at, s, lk;
	STEP_TEMPS;
end:	do
	:: d_step { ended == RUNNING && rpc == M_GO ->	/* the literal, then the go statement */
		hB = LIT_B; buckets = ARR(hB); count = NKEYS;
		lk = 1;
		do
		:: lk > NKEYS -> break
		:: else ->
			i = 0;
			do
			:: top[CELL(buckets, HASH(lk) & MASK(hB), i)] != EMPTY_REST -> i++
			:: else -> break
			od;
			c = CELL(buckets, HASH(lk) & MASK(hB), i);
			top[c] = FILLED; key[c] = lk; elem[c] = lk; lk++
		od;
		lk = 0; i = 0; c = 0;
		GO_STMT; rpc = R_BEGIN }
	:: d_step { ended == RUNNING && rpc == R_BEGIN -> rpc = I_COUNT }
	:: d_step { ended == RUNNING && rpc == I_COUNT ->	/* it = hiter{}; count == 0: no loop */
		if
		:: count == 0 -> rpc = R_PRINT
		:: else -> itB = hB; itbk = buckets; rpc = I_RAND
		fi }
	RAND_OPT(0) RAND_OPT(1) RAND_OPT(2) RAND_OPT(3) RAND_OPT(4) RAND_OPT(5) RAND_OPT(6)
	RAND_OPT(7) RAND_OPT(8) RAND_OPT(9) RAND_OPT(10) RAND_OPT(11) RAND_OPT(12) RAND_OPT(13)
	RAND_OPT(14) RAND_OPT(15) RAND_OPT(16) RAND_OPT(17) RAND_OPT(18) RAND_OPT(19)
	RAND_OPT(20) RAND_OPT(21) RAND_OPT(22) RAND_OPT(23) RAND_OPT(24) RAND_OPT(25)
	RAND_OPT(26) RAND_OPT(27) RAND_OPT(28) RAND_OPT(29) RAND_OPT(30) RAND_OPT(31)
	:: d_step { ended == RUNNING && rpc == I_OR ->	/* atomic.Or8(&h.flags, iterator|oldIterator) */
		flags = flags | ITERATOR | OLD_ITERATOR; rpc = N_CHECK }
	:: d_step { ended == RUNNING && rpc == N_CHECK ->
		if
		:: (flags & HASH_WRITING) != 0 -> FATAL_AT(F_ITER_WRITE, rpc)
		:: else -> rpc = N_ADVANCE
		fi }
	:: d_step { ended == RUNNING && rpc == N_ADVANCE ->
		if
		:: bptr != 0 -> at = S_CELL
		:: else -> at = S_BUCKET
		fi;
		iter_run() }
	:: d_step { ended == RUNNING && rpc == N_BUCKET_OLD ->
		/* oldbucket := bucket & h.oldbucketmask(); if !evacuated(b) { checkBucket = bucket } */
		if
		:: oldbuckets == NIL -> took(CELL(itbk, ibk, 0), 0)
		:: oldbuckets != NIL && !EVACUATED(top[CELL(oldbuckets, ibk & MASK(hB - 1), 0)]) ->
			took(CELL(oldbuckets, ibk & MASK(hB - 1), 0), ibk + 1)
		:: else -> took(CELL(itbk, ibk, 0), 0)
		fi;
		at = S_CELL; iter_run() }
	:: d_step { ended == RUNNING && rpc == N_FILTER ->
		/* if hash&bucketMask(it.B) != checkBucket { continue } (never a same-size grow) */
		if
		:: (HASH(key[ci - 1]) & MASK(itB)) != check - 1 -> ii++; at = S_CELL
		:: else -> at = S_EMIT
		fi;
		rpc = N_ADVANCE; iter_run() }
	:: d_step { ended == RUNNING && rpc == AK_OLD ->
		/* m >>= 1; if !evacuated(oldb) { b = oldb } */
		if
		:: !EVACUATED(top[CELL(agold, HASH(akey) & MASK(hB - 1), 0)]) ->
			ab = CELL(agold, HASH(akey) & MASK(hB - 1), 0) + 1
		:: else -> skip
		fi;
		agold = 0; rpc = N_ADVANCE; at = S_AK_SCAN; iter_run() }
	:: d_step { ended == RUNNING && rpc == N_FAULT -> FATAL_AT(F_FAULT, rpc) }
	:: d_step { ended == RUNNING && rpc == N_FAULT ->	/* the panic unwinds main's frame */
		cnt = 0; itB = 0; itbk = 0; start = 0; offset = 0; ibk = 0; wrapped = 0; bptr = 0;
		ii = 0; check = 0; ikey = 0; ielem = 0; ci = 0; akey = 0; ab = 0; agold = 0;
		rpc = R_DYING }
	:: d_step { ended == RUNNING && rpc == R_DYING -> FATAL_AT(P_NIL_DEREF, rpc) }
	:: d_step { ended == RUNNING && rpc == R_PRINT ->	/* Println(cnt) (the output is cnt) */
		out = cnt; cnt = 0; rpc = M_EXIT; MAIN_RETURNS }
	:: d_step { ended == RUNNING && rpc == M_EXIT -> ended = EXITED; rpc = DONE }
	od
}

active proctype writer()
{
	byte k, v;
	WRITER_LOCALS;
	STEP_TEMPS;
end:	do
	:: d_step { ended == RUNNING && job[_pid] != 0 ->
		if
		:: k == 0 -> k = NKEYS + 1; v = k	/* the goroutine's first step */
		:: else -> skip
		fi;
		assign_step() }
	od
}
