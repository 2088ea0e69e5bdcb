/* The lost update: NP processes (-DNP=2 by default) each do tmp = x; x = tmp + 1. x ends
 * anywhere from 1 to NP; x < NP at the end is a lost update. Mirrored by SpinCrossCheckTest
 * (tests/explorer/). */
#ifndef NP
#define NP 2
#endif
byte x;

active [NP] proctype inc()
{
	byte tmp;
	tmp = x;
	x = tmp + 1
}
