/*-------------------------------------------------------------------------
 *
 * read_maintenance.hpp
 *		The maintenance statements pgsafe reads: REINDEX, REFRESH
 *		MATERIALIZED VIEW, VACUUM FULL, CLUSTER.
 *
 * Their readers are StatementReader's (read_maintenance.cpp); what is
 * here is the look at the node alone that says whether a rule could flag
 * the statement.
 *
 * IDENTIFICATION
 *	  src/adapter/read_maintenance.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include "adapter/prelude.hpp"

namespace pgsafe {

/* REINDEX without CONCURRENTLY. */
bool reindexIsCandidate(const Node *node) noexcept;

/* REFRESH MATERIALIZED VIEW without CONCURRENTLY or WITH NO DATA. */
bool refreshIsCandidate(const Node *node) noexcept;

/* VACUUM with FULL on. */
bool vacuumIsCandidate(const Node *node) noexcept;

/* CLUSTER. */
bool clusterIsCandidate(const Node *node) noexcept;

} /* namespace pgsafe */
