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

#include "adapter/prelude.hpp"

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
extern int pgsafe_lock_timeout_ms;

/* Where a stored setting comes from: ALTER ROLE ... IN DATABASE, ALTER ROLE, ALTER DATABASE, ALTER ROLE ALL */
typedef enum PgsafeStoredLevel
{
	PGSAFE_STORED_NONE,
	PGSAFE_STORED_ROLE_IN_DATABASE,
	PGSAFE_STORED_ROLE,
	PGSAFE_STORED_DATABASE,
	PGSAFE_STORED_ALL_ROLES
} PgsafeStoredLevel;

extern void pgsafe_define_settings(void);
/*
 * The value of setting name that a new session of roleid in databaseid
 * gets from pg_db_role_setting, or NULL if none is stored; *level says
 * which entry it came from.
 */
extern char *pgsafe_stored_setting(const char *name, Oid databaseid, Oid roleid, PgsafeStoredLevel *level);
/*
 * The value of setting name that a new session gets from the server
 * itself, before pg_db_role_setting and its connection's options, or NULL
 * for a setting not defined; *known is false when this session's reset
 * value came from those and PostgreSQL's default is returned instead.
 */
extern const char *pgsafe_server_setting(const char *name, bool *known);
extern void pgsafe_restore_stored_settings(void);
extern const char *pgsafe_mode_name(int mode);
