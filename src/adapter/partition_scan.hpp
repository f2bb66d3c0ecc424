/*-------------------------------------------------------------------------
 *
 * partition_scan.hpp
 *		Which relations ATTACH PARTITION and CREATE TABLE ... PARTITION OF
 *		read to check a partition constraint.
 *
 * ATTACH PARTITION reads the table being attached to check that its rows
 * fit the new bound, unless its constraints prove it
 * (QueuePartitionConstraintValidation() in tablecmds.c); both statements
 * read the parent's DEFAULT partition to check that none of its rows fits
 * the new bound, unless its constraints prove that
 * (check_default_partition_contents() in partbounds.c, and the same queue
 * for ATTACH).  Both read under ACCESS EXCLUSIVE.  The decision is
 * PostgreSQL's own PartConstraintImpliedByRelConstraint(), asked only when
 * nothing it could evaluate is user code (see partition_scan.cpp).
 *
 * IDENTIFICATION
 *	  src/adapter/partition_scan.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <string>
#include <vector>

#include "adapter/prelude.hpp"

namespace pgsafe {

/* What PostgreSQL reads of one relation it checks. */
struct ScanDecision
{
	bool checked = false;     /* the constraint is checked there at all */
	bool unprovable = false;  /* pgsafe could not ask PostgreSQL's proof: all of below is read */
	std::vector<Oid> scanned; /* leaves read; with unprovable, the relation itself */
	std::string constraint;   /* the constraint as SQL in the relation's column names; empty if unknown */
};

struct PartitionScans
{
	bool refused = false; /* PostgreSQL refuses the bound (or pgsafe could not read it): nothing to say */
	ScanDecision attached;
	Oid defaultPartition = InvalidOid;
	ScanDecision defaultScan;
};

/*
 * The scans of attaching attached (InvalidOid: CREATE TABLE ... PARTITION
 * OF, only the DEFAULT partition) to partitioned table parent with the raw
 * bound, as PostgreSQL decides them.
 */
PartitionScans partitionScans(Oid parent, Oid attached, const PartitionBoundSpec *bound);

/* The DEFAULT partition of partitioned table relid, or InvalidOid. */
Oid defaultPartitionOf(Oid relid);

} /* namespace pgsafe */
