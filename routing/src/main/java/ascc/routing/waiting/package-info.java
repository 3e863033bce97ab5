/** What waiting callers are told: the engine's wait model and the position announcement (no I/O). */
package ascc.routing.waiting;
