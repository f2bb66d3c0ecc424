/*-------------------------------------------------------------------------
 *
 * partition_indexes.hpp
 *		Which indexes of a partitioned table ATTACH PARTITION would build.
 *
 * ATTACH PARTITION gives the table being attached every index of the
 * partitioned table: it attaches a matching index the table already has,
 * and builds the others, under the ACCESS EXCLUSIVE lock it holds on that
 * table (AttachPartitionEnsureIndexes(); for a partitioned table being
 * attached, DefineIndex() goes on into its partitions).  The matching is
 * PostgreSQL's CompareIndexInfo(), made here on the catalog's rows.
 *
 * IDENTIFICATION
 *	  src/adapter/partition_indexes.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapter/prelude.hpp"

namespace pgsafe {

struct IndexToBuild
{
	Oid parentIndex;
	bool unique;
	bool primary;
	bool constraint;                      /* it belongs to a constraint of the partitioned table */
	std::vector<std::string> columnNames; /* each column's name, "expr" for an expression */
	std::vector<Oid> buildIn;             /* the tables it is built on */
};

/* The indexes of partitioned table parent that ATTACH PARTITION of attached builds, and where. */
std::vector<IndexToBuild> indexesAttachBuilds(Oid parent, Oid attached);

/* An index of a partition that CREATE INDEX on the partitioned table attaches instead of building one. */
struct AdoptedIndex
{
	Oid relid;
	std::string name;
};

/*
 * The indexes CREATE INDEX stmt on partitioned table parent would adopt,
 * one per relation at most; nullopt when pgsafe cannot tell (an expression,
 * a predicate: then every partition is taken to need a build).
 */
std::optional<std::vector<AdoptedIndex>> indexesCreateIndexAdopts(Oid parent, const IndexStmt *stmt);

/* An index's definition from USING on, as pg_get_indexdef() writes it: "USING btree (a) WHERE ...". */
std::string indexDefinition(Oid index);

} /* namespace pgsafe */
