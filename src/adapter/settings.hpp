/*-------------------------------------------------------------------------
 *
 * settings.hpp
 *		pgsafe's configuration parameters.
 *
 * IDENTIFICATION
 *	  src/adapter/settings.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

typedef enum PgsafeMode
{
	PGSAFE_MODE_OFF,  /* inspect nothing */
	PGSAFE_MODE_WARN, /* WARNING to the client (and the log); the statement runs */
	PGSAFE_MODE_LOG,  /* a server log entry only; the statement runs */
	PGSAFE_MODE_ERROR /* reject the statement before it takes its lock */
} PgsafeMode;

extern int pgsafe_mode;
extern int pgsafe_min_table_size_kb;
extern char *pgsafe_disabled_rules;

extern void pgsafe_define_settings(void);
extern void pgsafe_restore_stored_settings(void);
extern const char *pgsafe_mode_name(int mode);
