"""Glue between Frappe documents and the pure rules: settings, plain-value views, translated errors."""

import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields
from frappe.utils import cint, flt, get_datetime, get_time, getdate

from ansvarsgruppe import exceptions
from ansvarsgruppe.rules import Problem, RuleViolation, representation
from ansvarsgruppe.rules import consent as consent_rules
from ansvarsgruppe.rules import final as final_rules
from ansvarsgruppe.rules.status import GROUP_CLOSED

SETTINGS = "Ansvarsgruppe Settings"


def get_settings():
	return frappe.get_cached_doc(SETTINGS)


def today():
	return getdate()


def format_problem(problem: Problem) -> str:
	return problem.format(_)


def throw_problems(problems: list[Problem], title: str | None = None):
	"""Raise one translated error listing every problem, of the rules' family; nothing is written."""
	problems = [p for p in problems if p]
	if not problems:
		return
	messages = [format_problem(p) for p in problems]
	message = (
		messages[0] if len(messages) == 1 else "<ul>" + "".join(f"<li>{m}</li>" for m in messages) + "</ul>"
	)
	rules = tuple(p.rule for p in problems)
	error = exceptions.for_rules(rules)
	try:
		frappe.throw(message, error, title=title or _("Not allowed"))
	except error as raised:
		raised.rules = rules
		raise


def throw_violation(violation: RuleViolation, title: str | None = None):
	throw_problems([violation.problem], title)


def warn_problem(problem: Problem | None):
	if problem:
		frappe.msgprint(format_problem(problem), indicator="orange", alert=True)


def consent_values(consent_name: str | None) -> dict | None:
	"""A Consent as the plain dict the consent rules take."""
	if not consent_name:
		return None
	consent = frappe.get_doc("Consent", consent_name)
	return consent.as_rule_values()


def covered_units(consent_name: str | None, on_date=None) -> set[str]:
	return consent_rules.covered_units(consent_values(consent_name), getdate(on_date) if on_date else today())


def acting_party(service_user: str, kind: str, relation_name: str | None) -> tuple[dict, str]:
	"""The applicant or signer as the representation rule expects it, with their name."""
	if kind == representation.SELF:
		return {"kind": representation.SELF}, frappe.db.get_value("Service User", service_user, "full_name")
	relation = frappe.db.get_value(
		"Service User Relation",
		{"name": relation_name, "parent": service_user, "parenttype": "Service User"},
		["full_name", "relation_type", "has_parental_responsibility", "is_guardian"],
		as_dict=True,
	)
	if not relation:
		frappe.throw(_("Choose one of the service user's relations."), exceptions.ApplicationError)
	return {"kind": "Relation", **relation}, relation.full_name


def check_representation(act: str, service_user: str, kind: str, relation_name: str | None, on_date) -> str:
	"""Apply R1/R4 and return the acting person's name; throws when they may not act."""
	party, name = acting_party(service_user, kind, relation_name)
	birth_date = frappe.db.get_value("Service User", service_user, "birth_date")
	problem = representation.representation_problem(
		act,
		party,
		getdate(birth_date) if birth_date else None,
		getdate(on_date) if on_date else today(),
		int(get_settings().consent_age_limit or 18),
	)
	throw_problems([problem])
	return name


def dates_of(doc, *fieldnames) -> dict:
	"""Date fields of ``doc`` as ``datetime.date`` (or None), for the rules."""
	return {f: (getdate(doc.get(f)) if doc.get(f) else None) for f in fieldnames}


def _plain(df, value):
	"""A field's value as the rules compare it: empty as None, dates and times as text, numbers as numbers."""
	if value in (None, ""):
		return None
	if df.fieldtype == "Date":
		return getdate(value).isoformat()
	if df.fieldtype == "Datetime":
		return str(get_datetime(value))
	if df.fieldtype == "Time":
		return get_time(value).isoformat()
	if df.fieldtype in ("Int", "Check"):
		return cint(value)
	if df.fieldtype in ("Float", "Currency", "Percent"):
		return flt(value)
	return value


def record_values(doc) -> dict:
	"""A document as a plain dict of its data fields (without the workflow's state, which follows
	``status``), each table as a list of row dicts with their ``name``."""
	values = {}
	for df in doc.meta.fields:
		if (
			df.fieldtype in no_value_fields
			and df.fieldtype not in table_fields
			or df.fieldname == "workflow_state"
		):
			continue
		if df.fieldtype in table_fields:
			values[df.fieldname] = [
				{
					"name": row.name,
					**{
						child.fieldname: _plain(child, row.get(child.fieldname))
						for child in row.meta.fields
						if child.fieldtype not in no_value_fields
					},
				}
				for row in doc.get(df.fieldname) or []
			]
		else:
			values[df.fieldname] = _plain(df, doc.get(df.fieldname))
	return values


def stored_final(doc, record) -> bool:
	"""Whether the document as stored is a final record (approved minutes, a signed consent, …)."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	return before is not None and final_rules.is_final(record, before.status)


def check_final_change(doc, record):
	"""Refuse a save that changes more of a final record than may still change (``rules.final``). The app's
	own code names rows a superseding version replaces in ``flags.replaced_rows``."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	if before is not None:
		throw_problems(
			[
				final_rules.final_change_problem(
					record, record_values(before), record_values(doc), doc.flags.replaced_rows
				)
			]
		)


def mark_closed_group(doc):
	"""Tell the desk (``__onload.group_closed``) that the record's group is closed, so the form shows the
	record read-only as the server keeps it (R16)."""
	status = frappe.db.get_value("Responsibility Group", doc.group, "status") if doc.group else None
	doc.set_onload("group_closed", status == GROUP_CLOSED)


def mark_correctable(doc):
	"""Tell the desk (``__onload.may_correct``) whether the user may correct the record by a new version:
	whoever may change it (``ansvarsgruppe.api.archive.correct``), so no one is offered a step refused."""
	doc.set_onload("may_correct", bool(frappe.has_permission(doc.doctype, "write", doc)))


def check_final_delete(doc, record):
	throw_problems(
		[final_rules.final_delete_problem(record, frappe.db.get_value(doc.doctype, doc.name, "status"))]
	)
