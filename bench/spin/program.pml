/* program.pml: the Go program around the map for the models in bench/spin/: main (process
 * 0), its `go` statements, and sync.WaitGroup, as mapcheck steps them (model/interpreter.cpp,
 * model/sync_object.cpp).
 *
 * Goroutine slots: processes 1..NSLOTS run goroutines. A `go` statement puts goroutine number
 * j (1-based, in program order) into the free slot with the smallest pid, as mapcheck gives
 * a new goroutine the smallest free id (Machine::free_id); a finished goroutine frees its
 * slot (job[pid] = 0) and leaves its locals zero, as mapcheck removes it from the world. So a
 * slot's contents are exactly mapcheck's goroutine of that id, and the counts can agree. */
byte job[NSLOTS + 1];
byte spawned;
byte wg_counter, wg_waiters, wg_sema;

/* WaitGroup.Add(-1) (wg.Done): wake the waiters when the count hits 0. */
#define WG_DONE	wg_counter--; \
	if \
	:: wg_counter == 0 && wg_waiters > 0 -> wg_sema = wg_sema + wg_waiters; wg_waiters = 0 \
	:: else -> skip \
	fi

/* go statement: start goroutine number spawned + 1 in the lowest free slot. */
#define GO_STMT	spawned++; \
	s = 1; \
	do \
	:: job[s] != 0 -> s++ \
	:: else -> break \
	od; \
	job[s] = spawned; \
	s = 0

byte main_returned;

/* True when no goroutine but main is left. */
#define ALONE	(NSLOTS == 1 -> job[1] == 0 : (job[1] == 0 && job[NSLOTS] == 0 && \
	(NSLOTS < 3 || job[2] == 0) && (NSLOTS < 4 || job[3] == 0)))

/* A goroutine process leaves: free the slot, zero its locals (the model's ZERO_LOCALS); the
 * map is garbage if main has returned and this was the last goroutine holding it. */
#define GO_EXIT	job[_pid] = 0; ZERO_LOCALS; \
	if \
	:: main_returned && ALONE -> DROP_MAP \
	:: else -> skip \
	fi

/* main's last frame returns (its locals are gone: the model zeroes them first); with no other
 * goroutine left, the map and the WaitGroup are garbage. The next main step ends the program. */
#define MAIN_RETURNS	main_returned = 1; \
	if \
	:: ALONE -> DROP_MAP; wg_counter = 0; wg_waiters = 0; wg_sema = 0 \
	:: else -> skip \
	fi
