/* nwriters.pml: main makes m := map[int]int{}, then wg.Add(N) and starts N goroutines
 * (-DN=2..4); goroutine g (1..N) assigns m[(g-1)*K+j] = (g-1)*K+j for j = 1..K (-DK=1..3) and
 * calls wg.Done(); main waits (wg.Wait()) and returns. The Go program: specs/nwriters.go.
 * Steps as mapcheck's grain=phase (hmap.pml, waitgroup.pml). Terminal: main returned, or a
 * fatal "concurrent map writes" (pan counts it as an assertion error). N*K <= 12; the 9th
 * insert grows the map. */
#ifndef N
#define N 2
#endif
#ifndef K
#define K 1
#endif
#define INIT_BUCKETS NIL
#include "hmap.pml"
#include "waitgroup.pml"

#define W_DONE	30	/* wg.Done() */

/* After m[k] = v: the goroutine's next key, or wg.Done(). */
inline next_op()
{
	if
	:: k < _pid * K -> k++; v = k; pc = A_BEGIN
	:: else -> k = 0; v = 0; pc = W_DONE
	fi
}

MAIN_PROC(N)

active [N] proctype writer()
{
	byte k = (_pid - 1) * K + 1, v = (_pid - 1) * K + 1;
	WRITER_LOCALS;
	STEP_TEMPS;
end:	do
	:: d_step { ended == RUNNING && pc == W_DONE -> WG_DONE; pc = DONE }
	:: d_step { ended == RUNNING && pc != DONE && pc != W_DONE && spawned >= _pid -> assign_step() }
	od
}
