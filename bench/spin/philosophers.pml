/* Dining philosophers, N of them (-DN=3 by default), each eating once: take the left fork,
 * take the right fork, put both back. Deadlocks when every philosopher holds its left fork
 * (SPIN: "invalid end state"). Mirrored by SpinCrossCheckTest (tests/explorer/). */
#ifndef N
#define N 3
#endif
bool fork[N];

active [N] proctype phil()
{
	d_step { fork[_pid] == 0 -> fork[_pid] = 1 };	/* left fork */
	d_step { fork[(_pid + 1) % N] == 0 -> fork[(_pid + 1) % N] = 1 };	/* right fork */
	fork[(_pid + 1) % N] = 0;
	fork[_pid] = 0
}
