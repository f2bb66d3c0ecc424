/*-------------------------------------------------------------------------
 *
 * interrupts.cpp
 *		The interrupt check the adapter installs.
 *
 * IDENTIFICATION
 *	  src/core/interrupts.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/interrupts.hpp"

#include "core/pure.hpp"

namespace pgsafe {

InterruptCheck interruptCheck = nullptr;

} /* namespace pgsafe */
