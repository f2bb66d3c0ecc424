/*-------------------------------------------------------------------------
 *
 * read_domain.hpp
 *		ALTER DOMAIN, the statement that reads every column of a domain.
 *
 * Its reader is StatementReader's (read_domain.cpp); what is here is the
 * look at the node alone that says whether a rule could flag the
 * statement.
 *
 * IDENTIFICATION
 *	  src/adapter/read_domain.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include "adapter/prelude.hpp"

namespace pgsafe {

/* ALTER DOMAIN ... ADD CHECK or NOT NULL without NOT VALID, SET NOT NULL, VALIDATE CONSTRAINT. */
bool alterDomainIsCandidate(const Node *node) noexcept;

} /* namespace pgsafe */
