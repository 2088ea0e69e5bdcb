/* nwriters.pml: main makes m := map[int]int{}, then wg.Add(N) and starts N goroutines
 * (-DN=2..4); goroutine j (1..N) assigns m[(j-1)*K+i] = (j-1)*K+i for i = 1..K (-DK=1..3)
 * and calls wg.Done(); main waits (wg.Wait()) and returns. The Go program is
 * bench/specs/nwriters/nwriters_nN_kK.go (bench/specs/generate.sh). Steps as mapcheck's grain=phase (hmap.pml,
 * program.pml). Terminal: main returned, or fatal "concurrent map writes" (pan counts it as
 * an assertion error). N*K <= 24 keys. */
#ifndef N
#define N 2
#endif
#ifndef K
#define K 1
#endif
#define NSLOTS N
#define INIT_BUCKETS NIL
#include "hmap.pml"
#include "program.pml"

#define M_ADD	1	/* wg.Add(N) */
#define M_GO	2	/* go func() {...}(), N times */
#define M_WAIT	3	/* wg.Wait(): returns at once if the counter is 0, else sleeps */
#define M_WOKEN	4	/* wg.Wait() after the wakeup: takes the semaphore */
#define M_EXIT	5	/* main returns: the program exits */
#define W_DONE	30	/* the goroutine's wg.Done() */

#define ZERO_LOCALS	pc = A_BEGIN; k = 0; v = 0

/* After m[k] = v: the goroutine's next key, or wg.Done(). */
inline next_op()
{
	if
	:: k < job[_pid] * K -> k++; v = k; pc = A_BEGIN
	:: else -> pc = W_DONE
	fi
}

active proctype main()
{
	byte mpc = M_ADD, s;
	STEP_TEMPS;
end:	do
	:: d_step { ended == RUNNING && mpc == M_ADD -> wg_counter = N; mpc = M_GO }
	:: d_step { ended == RUNNING && mpc == M_GO ->
		GO_STMT;
		if
		:: spawned == N -> mpc = M_WAIT
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

active [N] proctype writer()
{
	byte k, v;
	WRITER_LOCALS;
	STEP_TEMPS;
end:	do
	:: d_step { ended == RUNNING && job[_pid] != 0 && pc == W_DONE -> WG_DONE; GO_EXIT }
	:: d_step { ended == RUNNING && job[_pid] != 0 && pc != W_DONE ->
		if
		:: k == 0 -> k = (job[_pid] - 1) * K + 1; v = k	/* the goroutine's first step */
		:: else -> skip
		fi;
		assign_step() }
	od
}
