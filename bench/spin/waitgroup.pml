/* waitgroup.pml: sync.WaitGroup as mapcheck's model/sync_object.cpp steps it (counter,
 * waiters, sema), and main's part of `wg.Add(N); go ... (N times); wg.Wait()` then return,
 * for the map models in bench/spin/. main is process 0; goroutine g (1..N) may move once
 * main has executed its g-th go statement (spawned >= g). */
byte wg_counter, wg_waiters, wg_sema, spawned;

/* WaitGroup.Add(delta) with delta = -1 (wg.Done): wake the waiters when the count hits 0. */
#define WG_DONE	wg_counter--; \
	if \
	:: wg_counter == 0 && wg_waiters > 0 -> wg_sema = wg_sema + wg_waiters; wg_waiters = 0 \
	:: else -> skip \
	fi

#define M_ADD	1	/* wg.Add(N) */
#define M_GO	2	/* go func() {...}(), once per goroutine */
#define M_WAIT	3	/* wg.Wait(): returns at once if the counter is 0, else sleeps */
#define M_WOKEN	4	/* wg.Wait() after the wakeup: takes the semaphore */
#define M_EXIT	5	/* main returns: the program exits */

/* main: wg.Add(NG); go ×NG; wg.Wait(); return. */
#define MAIN_PROC(NG) \
active proctype main() \
{ \
	byte mpc = M_ADD; \
end:	do \
	:: d_step { ended == RUNNING && mpc == M_ADD -> wg_counter = NG; mpc = M_GO } \
	:: d_step { ended == RUNNING && mpc == M_GO -> \
		spawned++; \
		if \
		:: spawned == NG -> mpc = M_WAIT \
		:: else -> skip \
		fi } \
	:: d_step { ended == RUNNING && mpc == M_WAIT -> \
		if \
		:: wg_counter == 0 -> mpc = M_EXIT \
		:: else -> wg_waiters++; mpc = M_WOKEN \
		fi } \
	:: d_step { ended == RUNNING && mpc == M_WOKEN && wg_sema > 0 -> wg_sema--; mpc = M_EXIT } \
	:: d_step { ended == RUNNING && mpc == M_EXIT -> ended = EXITED; mpc = DONE } \
	od \
}
