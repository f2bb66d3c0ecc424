/*-------------------------------------------------------------------------
 *
 * hook.hpp
 *		pgsafe's ProcessUtility hook.
 *
 * IDENTIFICATION
 *	  src/adapter/hook.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

extern void pgsafe_install_hook(void);
