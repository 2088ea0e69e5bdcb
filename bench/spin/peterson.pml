/* Peterson's mutual exclusion for two processes, looping forever (SPIN's classic example).
 * Mirrored state for state by tests/explorer/spin_cross_check_test.cpp (SpinCrossCheckTest);
 * ncrit counts processes in the critical section, the assert is the mutex property.
 * -DBROKEN waits for its own turn instead of the other's: both can enter, the assert fails. */
bool turn, flag[2];
byte ncrit;

active [2] proctype user()
{
again:
	flag[_pid] = 1;
	turn = _pid;
#ifdef BROKEN
	(flag[1 - _pid] == 0 || turn == _pid);
#else
	(flag[1 - _pid] == 0 || turn == 1 - _pid);
#endif
	ncrit++;
	assert(ncrit == 1);	/* critical section */
	ncrit--;
	flag[_pid] = 0;
	goto again
}
