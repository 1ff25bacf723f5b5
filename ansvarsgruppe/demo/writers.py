"""Writing a case: through the controllers, one step of the life cycle at a time, or in bulk as rows."""

from collections import defaultdict

import frappe
from frappe.model.workflow import get_workflow_name
from frappe.utils import cint, now_datetime

from ansvarsgruppe.demo.case import Case
from ansvarsgruppe.demo.data import LIFE_CYCLE
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tasks import adulthood

# --- Writing through the controllers -------------------------------------------------------------------


def write_validated(case: Case):
	"""Insert the case as the municipality would make it, each document checked by its controller."""
	insert(case.person)
	if case.consent:
		consent = insert(case.consent, valid_to=None)
		advance(consent, min_status("Consent", case.consent["status"], st.CONSENT_ACTIVE))
	application = insert(case.application, responsibility_group=None)
	if not case.group:
		advance(application, case.application["status"])
		return
	advance(application, st.APPLICATION_DECIDED)
	# The minutes' controller keeps the next meeting and the last review on the group (R13).
	group = insert(
		case.group, closed_date=None, closing_reason=None, next_meeting_date=None, last_annual_review=None
	)
	advance(group, min_status("Responsibility Group", case.kind, st.GROUP_APPROVED))
	advance(application, st.APPLICATION_APPOINTED, responsibility_group=group[1])
	member_status = min_status("Group Member", case.members[0]["status"], st.MEMBER_ACTIVE)
	members = [insert(member, to_date=None) for member in case.members]
	for member in members:
		advance(member, member_status)
	for minutes in case.minutes:
		advance(insert(minutes), minutes["status"])
	if case.kind in (st.GROUP_ACTIVE, st.GROUP_CLOSED):
		advance(group, st.GROUP_ACTIVE)
	if case.plan:
		plan = frappe.get_doc({**case.plan, "status": st.PLAN_DRAFT, "approved_on": None})
		plan.insert(set_name=case.plan["name"], set_child_names=False, ignore_permissions=True)
		plan.status = st.PLAN_APPROVED
		plan.save(ignore_permissions=True)
	if case.kind == st.GROUP_CLOSED:
		advance(group, st.GROUP_CLOSED, closed_date=case.closed, closing_reason=case.group["closing_reason"])
		for member in members:
			advance(member, st.MEMBER_ENDED, to_date=case.closed)
		advance(application, st.APPLICATION_CLOSED)
		advance(consent, st.CONSENT_EXPIRED, valid_to=case.closed)
	if case.came_of_age:
		come_of_age(case)


def come_of_age(case: Case):
	"""The daily job's steps on the day the person came of age: the parent's consent ends, the person is
	invited to the portal and asked to consent, the coordinator is told (each once)."""
	person, group, day = case.person["name"], case.group["name"], case.adult_on
	adulthood.end_parents_consents(person, day)
	# the invitation is a mail: a site without an outgoing account (a bare test site) invites nobody
	if frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}):
		adulthood.invite_the_person(person, case.person["email"])
	adulthood.send_once(adulthood.GROUP, adulthood.CAME_OF_AGE, [(group, day)])
	adulthood.send_once(adulthood.GROUP, adulthood.ASKED_TO_CONSENT, [(group, day)])


def insert(values: dict, **at_insert) -> tuple[str, str]:
	"""Insert ``values`` in the first status of its life cycle; ``at_insert`` overrides fields for now."""
	doctype = values["doctype"]
	doc = frappe.get_doc({**values, **at_insert})
	if doctype in LIFE_CYCLE:
		doc.status = LIFE_CYCLE[doctype][0]
	doc.insert(set_name=values["name"], set_child_names=False, ignore_permissions=True)
	return doctype, doc.name


def advance(key: tuple[str, str], status: str, **values):
	"""Move a saved document one status at a time to ``status``; ``values`` are set with the last step."""
	doctype, name = key
	chain = LIFE_CYCLE[doctype]
	current = frappe.db.get_value(doctype, name, "status")
	steps = chain[chain.index(current) + 1 : chain.index(status) + 1] if status in chain else (status,)
	for step in steps:
		doc = frappe.get_doc(doctype, name)
		doc.status = step
		if step == status:
			doc.update(values)
		doc.save(ignore_permissions=True)


def min_status(doctype: str, status: str, cap: str) -> str:
	"""``status``, or ``cap`` if ``status`` comes later in the life cycle."""
	chain = LIFE_CYCLE[doctype]
	return status if chain.index(status) <= chain.index(cap) else cap


# --- Writing in bulk -----------------------------------------------------------------------------------


class BulkWriter:
	"""Rows for many cases at once, written with multi-row INSERTs into each DocType's table."""

	def __init__(self):
		self.cases, self.rows = [], defaultdict(list)
		self.now, self.user = now_datetime(), frappe.session.user
		self.tables = {}  # doctype → (table fields, status → workflow state), looked up once

	def table_info(self, doctype: str):
		if doctype not in self.tables:
			fields = [(f.fieldname, f.options) for f in frappe.get_meta(doctype).get_table_fields()]
			self.tables[doctype] = (fields, workflow_states(doctype))
		return self.tables[doctype]

	def add_case(self, case: Case):
		self.cases.append(case)
		for doc in (case.person, case.consent, case.application, case.group, *case.members, *case.minutes):
			if doc:
				self.add(doc["doctype"], doc)
		if case.plan:
			self.add("Individual Plan", {**case.plan, "approved_by": self.user})

	def add(self, doctype: str, values: dict, parent: dict | None = None):
		table_fields, states = self.table_info(doctype)
		row = {
			"owner": self.user,
			"modified_by": self.user,
			"creation": self.now,
			"modified": self.now,
			"docstatus": 0,
			"idx": 0,
			**values,
		}
		if parent:
			row.update(parent)
		state = states.get(row.get("status"))
		if state:
			row[state[0]] = state[1]
		self.rows[doctype].append(row)
		for fieldname, child_doctype in table_fields:
			for idx, child in enumerate(values.get(fieldname) or [], 1):
				link = {"parent": values["name"], "parenttype": doctype, "parentfield": fieldname, "idx": idx}
				self.add(child_doctype, child, link)

	def flush(self):
		for doctype, rows in self.rows.items():
			columns, defaults, numbers = table_columns(doctype)
			values = [
				tuple(0 if c in numbers and row.get(c) is None else row.get(c, defaults[c]) for c in columns)
				for row in rows
			]
			insert_rows(doctype, columns, values)
		self.cases, self.rows = [], defaultdict(list)


def insert_rows(doctype: str, columns: list[str], values: list[tuple], chunk: int = 2000):
	"""One multi-row INSERT per ``chunk`` rows, the values escaped by the database driver.

	What ``frappe.db.bulk_insert`` does, without its query builder: that builds one term per value and
	took four fifths of a large demo's time (about 5x slower than this)."""
	head = f"insert into `tab{doctype}` ({', '.join(f'`{c}`' for c in columns)}) values "
	row = "(" + ", ".join(["%s"] * len(columns)) + ")"
	for start in range(0, len(values), chunk):
		part = values[start : start + chunk]
		frappe.db.sql(head + ", ".join([row] * len(part)), [value for line in part for value in line])


def table_columns(doctype: str) -> tuple[list[str], dict, set[str]]:
	"""The table's columns, the value a missing field gets (its default) and the numeric columns, which
	hold 0 rather than NULL, as the framework writes them."""
	columns = [c for c in frappe.db.get_table_columns(doctype) if not c.startswith("_")]
	defaults, numbers = dict.fromkeys(columns), {"docstatus", "idx"}
	for field in frappe.get_meta(doctype).fields:
		if field.fieldname not in defaults:
			continue
		if field.fieldtype in ("Check", "Int", "Float", "Currency", "Percent"):
			numbers.add(field.fieldname)
			defaults[field.fieldname] = cint(field.default)
		elif field.default and field.default != "Today":
			defaults[field.fieldname] = field.default
	return columns, defaults, numbers


def workflow_states(doctype: str) -> dict[str, tuple[str, str]]:
	"""status → (workflow state field, state) when the DocType has an active workflow that sets ``status``."""
	name = get_workflow_name(doctype)
	if not name:
		return {}
	workflow = frappe.get_cached_doc("Workflow", name)
	states = {}
	for row in workflow.states:
		if row.update_field == "status":
			states.setdefault(row.update_value, (workflow.workflow_state_field, row.state))
	return states
