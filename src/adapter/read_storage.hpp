/*-------------------------------------------------------------------------
 *
 * read_storage.hpp
 *		What SET LOGGED, SET UNLOGGED, SET TABLESPACE and SET ACCESS METHOD
 *		do to a relation, read from the catalog as tablecmds.c decides it.
 *
 * IDENTIFICATION
 *	  src/adapter/read_storage.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include "adapter/prelude.hpp"
#include "core/model.hpp"

namespace pgsafe {

/*
 * Fill out for the storage subcommand cmd on relation relid: whether it
 * writes a new relfilenode, the names the message and advice need, and,
 * for SET TABLESPACE, whether pg_repack could move the table.
 */
void readStorageChange(Oid relid, const AlterTableCmd *cmd, StorageChangeFacts &out);

} /* namespace pgsafe */
