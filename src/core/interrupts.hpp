/*-------------------------------------------------------------------------
 *
 * interrupts.hpp
 *		Let a query cancel or statement_timeout stop the decision layer.
 *
 * The rules, the advice and the script scanner loop over what the user
 * wrote: subcommands, partitions, statements, comments.  Inside the server
 * every such loop must stop when the session is cancelled, but this layer
 * may not call PostgreSQL.  So it calls checkInterrupts() once per item, and
 * the adapter installs PostgreSQL's check, which abandons the work by
 * throwing.  Unit tests install nothing.
 *
 * IDENTIFICATION
 *	  src/core/interrupts.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

namespace pgsafe {

using InterruptCheck = void (*)();

/* Set once by the adapter; nullptr outside the server. */
extern InterruptCheck interruptCheck;

inline void
checkInterrupts()
{
	if (interruptCheck)
		interruptCheck();
}

} /* namespace pgsafe */
