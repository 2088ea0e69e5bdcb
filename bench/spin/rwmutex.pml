/* rwmutex.pml: R readers (-DR) and W writers (-DW) share m := map[int]int{1: 1} under one
 * sync.RWMutex; main starts them (wg.Add(R+W); go ...) and waits on a WaitGroup:
 *     reader: mu.RLock(); _ = m[1]; mu.RUnlock(); wg.Done()
 *     writer j: mu.Lock(); m[1+j] = j; mu.Unlock(); wg.Done()
 * The Go program is bench/specs/rwmutex/rwmutex_rR_wW.go (bench/specs/generate.sh). The RWMutex is rwmutex.go's
 * counters as mapcheck's model/sync_object.cpp steps them (w, readerCount, readerWait and the
 * two semaphores; a Lock or RLock that must wait sleeps, and takes one more step when its
 * semaphore lets it go). Map steps as mapcheck's grain=phase (hmap.pml). Correctly locked,
 * so no map fatal is reachable: pan reports no error, and every execution exits.
 * R + W <= 4, W <= 7. */
#ifndef R
#define R 1
#endif
#ifndef W
#define W 1
#endif
#define NSLOTS (R + W)
#define INIT_BUCKETS NIL
#define PC0 G_START
#include "hmap.pml"
#include "program.pml"

#define MAX_READERS	1073741824	/* rwmutexMaxReaders = 1 << 30 */
bool rw_w;	/* the writer mutex w */
int reader_count, reader_wait;
byte writer_sem, reader_sem;

#define M_ADD	1	/* wg.Add(R + W) */
#define M_GO	2	/* go func() {...}(), R + W times */
#define M_WAIT	3	/* wg.Wait(): returns at once if the counter is 0, else sleeps */
#define M_WOKEN	4	/* wg.Wait() after the wakeup */
#define M_EXIT	5	/* main returns: the program exits */

/* A goroutine's pcs besides the writer's A_* ones (hmap.pml). */
#define G_START		40	/* its first statement: mu.RLock() (reader) or mu.Lock() (writer) */
#define RD_WOKEN	41	/* RLock after sleeping: takes readerSem */
#define RD_BEGIN	42	/* _ = m[1]: the statement's own step */
#define RD_COUNT	43	/* access_count */
#define RD_CHECK	44	/* access_check */
#define RD_LOCATE	45	/* access_locate + access_scan (B = 0: the one bucket) */
#define RD_RUNLOCK	46	/* mu.RUnlock() */
#define WR_WOKEN	47	/* Lock after sleeping: takes writerSem */
#define WR_UNLOCK	48	/* mu.Unlock() */
#define G_DONE		49	/* wg.Done(), then the goroutine returns */

#define ZERO_LOCALS	pc = G_START; k = 0; v = 0

inline next_op()
{
	pc = WR_UNLOCK
}

active proctype main()
{
	byte mpc = M_ADD, s;
	STEP_TEMPS;
end:	do
	:: d_step { ended == RUNNING && mpc == M_ADD ->	/* the literal {1: 1} is built before */
		buckets = ARR0; count = 1; top[0] = FILLED; key[0] = 1; elem[0] = 1;
		wg_counter = R + W; mpc = M_GO }
	:: d_step { ended == RUNNING && mpc == M_GO ->
		GO_STMT;
		if
		:: spawned == R + W -> mpc = M_WAIT
		:: else -> skip
		fi }
	:: d_step { ended == RUNNING && mpc == M_WAIT ->
		if
		:: wg_counter == 0 -> mpc = M_EXIT; MAIN_RETURNS
		:: else -> wg_waiters++; mpc = M_WOKEN
		fi }
	:: d_step { ended == RUNNING && mpc == M_WOKEN && wg_sema > 0 ->
		wg_sema--; mpc = M_EXIT; MAIN_RETURNS }
	:: d_step { ended == RUNNING && mpc == M_EXIT -> ended = EXITED; mpc = DONE }
	od
}

active [NSLOTS] proctype gor()
{
	byte k, v;
	WRITER_LOCALS;
	int r;
	STEP_TEMPS;
end:	do
	:: d_step { ended == RUNNING && job[_pid] != 0 && job[_pid] <= R && pc == G_START ->
		/* RLock: readerCount++; if it is negative a writer is pending: sleep on readerSem */
		reader_count++;
		if
		:: reader_count < 0 -> pc = RD_WOKEN
		:: else -> pc = RD_BEGIN
		fi }
	:: d_step { ended == RUNNING && job[_pid] != 0 && pc == RD_WOKEN && reader_sem > 0 ->
		reader_sem--; pc = RD_BEGIN }
	:: d_step { ended == RUNNING && job[_pid] > R && pc == G_START && !rw_w ->
		/* Lock: w.Lock(); r := readerCount; readerCount -= max; wait for r readers */
		k = 1 + job[_pid] - R; v = job[_pid] - R;
		rw_w = 1; r = reader_count; reader_count = reader_count - MAX_READERS;
		if
		:: r != 0 -> reader_wait = reader_wait + r
		:: else -> skip
		fi;
		if
		:: r != 0 && reader_wait != 0 -> pc = WR_WOKEN
		:: else -> pc = A_BEGIN
		fi;
		r = 0 }
	:: d_step { ended == RUNNING && job[_pid] != 0 && pc == WR_WOKEN && writer_sem > 0 ->
		writer_sem--; pc = A_BEGIN }
	:: d_step { ended == RUNNING && job[_pid] != 0 && pc != G_START && pc != RD_WOKEN &&
		pc != WR_WOKEN ->
		if
		:: pc == RD_BEGIN -> pc = RD_COUNT
		:: pc == RD_COUNT ->	/* if h.count == 0 { return zero } */
			if
			:: count == 0 -> pc = RD_RUNLOCK
			:: else -> pc = RD_CHECK
			fi
		:: pc == RD_CHECK ->	/* if h.flags&hashWriting != 0 { fatal } */
			if
			:: (flags & HASH_WRITING) != 0 -> FATAL(F_READ_WRITE)
			:: else -> pc = RD_LOCATE
			fi
		:: pc == RD_LOCATE ->	/* B = 0: the one bucket; the value read is discarded */
			assert(hB == 0 && oldbuckets == NIL);	/* SIMPLIFIED: no grow here */
			pc = RD_RUNLOCK
		:: pc == RD_RUNLOCK ->	/* RUnlock: readerCount--; the last reader lets a writer in */
			reader_count--;
			if
			:: reader_count < 0 ->
				reader_wait--;
				if
				:: reader_wait == 0 -> writer_sem++
				:: else -> skip
				fi
			:: else -> skip
			fi;
			pc = G_DONE
		:: pc == WR_UNLOCK ->	/* Unlock: readerCount += max; wake the waiting readers */
			reader_count = reader_count + MAX_READERS;
			reader_sem = reader_sem + reader_count; rw_w = 0; pc = G_DONE
		:: pc == G_DONE -> WG_DONE; GO_EXIT
		:: else -> assign_step()
		fi }
	od
}
