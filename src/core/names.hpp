/*-------------------------------------------------------------------------
 *
 * names.hpp
 *		Identifiers as PostgreSQL writes and chooses them.
 *
 * The advice prints runnable SQL with the names PostgreSQL itself would
 * choose for an unnamed constraint or index (orders_email_key, orders_pkey,
 * orders_customer_id_fkey, ...).  These functions reproduce makeObjectName,
 * ChooseRelationName, ChooseConstraintName and ChooseIndexColumnNames from
 * PostgreSQL's indexcmds.c and pg_constraint.c, and quote_identifier from
 * ruleutils.c.
 *
 * IDENTIFICATION
 *	  src/core/names.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/catalog_oracle.hpp"
#include "core/model.hpp"

namespace pgsafe {

/* NAMEDATALEN as PostgreSQL is built by default: names hold 63 bytes. */
constexpr std::size_t kNameDataLen = 64;

std::string quoteIdentifier(const std::string &name, const CatalogOracle &oracle);
std::string quoteQualified(const QualifiedName &name, const CatalogOracle &oracle);
std::string quoteIdentifierList(const std::vector<std::string> &names, const CatalogOracle &oracle);
std::string quoteLiteral(const std::string &value);

/* name1_name2_label, truncated to fit NAMEDATALEN as makeObjectName does. */
std::string makeObjectName(const std::string &name1, const std::optional<std::string> &name2,
						   const std::optional<std::string> &label, const CatalogOracle &oracle);

/* ChooseIndexColumnNames: duplicate column names become a, a1, a2, ... */
std::vector<std::string> chooseIndexColumnNames(const std::vector<std::string> &names, const CatalogOracle &oracle);

/* ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition */
std::string nameAddition(const std::vector<std::string> &names);

/*
 * Picks collision-free names for the objects one piece of advice creates,
 * remembering the names it has handed out so two new objects never share one.
 */
class NameChooser
{
public:
	explicit NameChooser(const CatalogOracle &oracle) : oracle_(oracle) {}

	/* ChooseRelationName: unique among relations (and constraints, if isConstraint) of the schema. */
	std::string relationName(const std::string &schema, const std::string &name1,
							 const std::optional<std::string> &name2, const std::string &label, bool isConstraint);

	/* ChooseConstraintName: unique among the schema's constraints. */
	std::string constraintName(const std::string &schema, const std::string &name1,
							   const std::optional<std::string> &name2, const std::string &label);

	/* A name the statement itself gives to a new object. */
	void reserve(const std::string &schema, const std::string &name);

	const CatalogOracle &oracle() const { return oracle_; }

private:
	bool handedOut(const std::string &schema, const std::string &name) const;
	std::string choose(const std::string &schema, const std::string &name1, const std::optional<std::string> &name2,
					   const std::string &label, bool isRelation, bool isConstraint);

	const CatalogOracle &oracle_;
	std::set<std::pair<std::string, std::string>> handedOut_;
	std::map<std::string, int> nextPass_; /* per name parts: the first label suffix not yet tried */
};

} /* namespace pgsafe */
