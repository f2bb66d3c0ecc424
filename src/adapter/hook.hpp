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

/*
 * The CREATE EXTENSION or ALTER EXTENSION statement whose script is
 * running, for the hint on a statement of that script; NULL otherwise.
 */
extern const char *pgsafe_extension_command;
