"""Individuell plan: the plans of everyone the logged-in family member acts for, read-only (R18).

Approved and closed plans, and only plans of the people the user acts for (R1, R4): the
query asks for those service users alone, and every plan is checked again before it is shown. The
current plan (Approved) is shown in full, the person's own goals first; closed plans are
listed as earlier plans with their period and PDF. A plan that is a draft or under revision is shown as a
draft (no PDF, no record number) where the family proposes goals, comments and agrees to it (R24,
``api/plan_voice.py``).

Like the other portal pages, opening this page is not logged as a view: View Log records the staff's
views in the desk, and Access Log the PDF downloads (also the family's own).
"""

from urllib.parse import quote, urlencode

import frappe
from frappe.utils import formatdate

from ansvarsgruppe.portal import idporten
from ansvarsgruppe.portal.people import page_for_people
from ansvarsgruppe.printing.formats import PLAN_FORMAT
from ansvarsgruppe.printing.jinja import ag_label, ag_user_name
from ansvarsgruppe.rules import idporten as idporten_rules
from ansvarsgruppe.rules import plan_voice, plans
from ansvarsgruppe.rules import status as st

DATE_FORMAT = "dd.MM.yyyy"

no_cache = 1

ROUTE = "individuell-plan"
CURRENT = (st.PLAN_APPROVED,)
SHOWN = (*CURRENT, st.PLAN_CLOSED)  # never a draft


def get_context(context):
	people = page_for_people(context, ROUTE, "Individuell plan")
	names = dict(
		frappe.get_all(
			"Service User",
			filters={"name": ("in", list(people) or [""])},
			fields=["name", "full_name"],
			as_list=True,
		)
	)
	by_person: dict[str, list] = {name: [] for name in people}
	for doc in readable_plans(people):
		by_person[doc.service_user].append(doc)
	context.people = []
	for name, how in people.items():
		full_name = names.get(name) or name
		context.people.append(
			{
				"name": name,
				"full_name": full_name,
				"own_goals_heading": own_goals_heading(full_name, how["kind"] == "Service User"),
				"plans": [plan_context(doc) for doc in by_person[name] if doc.status in CURRENT],
				"earlier": [earlier_context(doc) for doc in by_person[name] if doc.status == st.PLAN_CLOSED],
				"drafts": [draft_context(doc) for doc in draft_plans(name)],
			}
		)
	# agreeing to a plan is signed with a fresh ID-porten log-in; with an older one the person logs in again
	context.fresh_login_url = (
		idporten.fresh_login_url(f"/{ROUTE}")
		if idporten.needs_fresh_login(idporten_rules.SIGNING_MAX_AGE)
		else None
	)
	context.signs_digitally = idporten.signs_digitally()
	context.life_areas = [{"value": area, "label": ag_label(area)} for area in plan_voice.LIFE_AREAS]
	return context


def draft_plans(service_user: str) -> list:
	"""The person's plan while it is a draft or under revision: the family reads it, proposes goals,
	comments and agrees to it (R24)."""
	names = frappe.get_all(
		"Individual Plan",
		filters={"service_user": service_user, "status": ("in", plan_voice.OPEN_TO_PROPOSALS)},
		pluck="name",
		order_by="creation desc",
	)
	docs = [frappe.get_doc("Individual Plan", name) for name in names]
	return [d for d in docs if d.service_user == service_user and d.status in plan_voice.OPEN_TO_PROPOSALS]


def agreement_context(doc) -> dict | None:
	"""Who agreed to the plan and when, signed or not; None when nobody has (a change to the plan after the
	agreement clears it)."""
	if not doc.person_agreed:
		return None
	return {
		"by": doc.agreed_by_name or "",
		"at": frappe.utils.format_datetime(doc.agreed_at, "dd.MM.yyyy HH:mm"),
		"signed": bool(doc.agreement_signed_digitally),
	}


def draft_context(doc) -> dict:
	proposals = frappe.get_all(
		"Plan Proposal",
		filters={"plan": doc.name},
		fields=["kind", "text", "life_area", "proposed_by_name", "status", "answer", "goal_id"],
		order_by="creation asc",
	)
	return {
		**plan_context(doc),
		"is_draft": True,
		"agreement": agreement_context(doc),
		"proposals": [
			{
				**p,
				"kind": ag_label(p.kind),
				"life_area": ag_label(p.life_area) if p.life_area else "",
				"status": ag_label(p.status),
			}
			for p in proposals
		],
	}


def readable_plans(service_users) -> list:
	"""The not-draft plans of ``service_users`` (the people the user acts for), newest first."""
	service_users = set(service_users)
	if not service_users:
		return []
	names = frappe.get_all(
		"Individual Plan",
		filters={"service_user": ("in", sorted(service_users)), "status": ("in", SHOWN)},
		pluck="name",
		order_by="plan_from desc, creation desc",
	)
	docs = [frappe.get_doc("Individual Plan", name) for name in names]
	return [doc for doc in docs if doc.status in SHOWN and doc.service_user in service_users]


def plan_url(group: str) -> str | None:
	"""The page's address at the group's plan, when the family may read one (for Mine ansvarsgrupper)."""
	plan = frappe.get_all(
		"Individual Plan",
		filters={"group": group, "status": ("in", SHOWN)},
		pluck="name",
		order_by="plan_from desc, creation desc",
		limit=1,
	)
	return f"/{ROUTE}#{anchor(plan[0])}" if plan else None


def anchor(plan: str) -> str:
	"""The plan's id on the page: ``plan-2026-0001``."""
	return "-".join(plan.lower().split())


def pdf_url(plan: str) -> str:
	query = urlencode(
		{"doctype": "Individual Plan", "name": plan, "format": PLAN_FORMAT, "language": "no"}, quote_via=quote
	)
	return f"/api/method/frappe.utils.print_format.download_pdf?{query}"


def period(start, end) -> str:
	if start and end:
		return f"{formatdate(start, DATE_FORMAT)} – {formatdate(end, DATE_FORMAT)}"
	if start:
		return f"fra {formatdate(start, DATE_FORMAT)}"
	if end:
		return f"til {formatdate(end, DATE_FORMAT)}"
	return "Ikke satt"


def own_goals_heading(full_name: str, is_self: bool) -> str:
	"""``Mine egne mål`` for the person themself, ``Karis egne mål`` for a parent or guardian."""
	return "Mine egne mål" if is_self else f"{genitive(first_name(full_name))} egne mål"


def first_name(full_name: str) -> str:
	return (full_name or "").split(" ")[0] or full_name


def genitive(name: str) -> str:
	"""Norwegian genitive of a name: ``Karis``, ``Jonas'``."""
	return f"{name}'" if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


def plan_context(doc) -> dict:
	measures_by_goal: dict[str, list[dict]] = {}
	for measure in doc.measures:
		measures_by_goal.setdefault((measure.goal_id or "").strip(), []).append(measure_context(measure))
	goals = goal_tree(doc.goals, measures_by_goal)
	goal_ids = {g.goal_id for g in doc.goals if g.goal_id}
	labels = {g.goal_id: g.goal for g in doc.goals if g.goal_id}
	labels.update({m.measure_id: m.description for m in doc.measures if m.measure_id})
	return {
		"name": doc.name,
		"anchor": anchor(doc.name),
		"status": ag_label(doc.status),
		"period": period(doc.plan_from, doc.plan_to),
		"next_revision": formatdate(doc.next_revision_date, DATE_FORMAT) or "Ikke satt",
		"approved_on": formatdate(doc.approved_on, DATE_FORMAT),
		"agreement": agreement_context(doc),
		"coordinator": ag_user_name(doc.coordinator),
		"pdf_url": pdf_url(doc.name),
		"own_goals": doc.own_goals or "",
		"resources": doc.resources or "",
		"needs": doc.needs or "",
		"person_contribution": doc.person_contribution or "",
		"services_contribution": doc.services_contribution or "",
		"family_contribution": doc.family_contribution or "",
		"collaboration": doc.collaboration or "",
		"goals": goals,
		"other_measures": [
			m for goal, rows in measures_by_goal.items() if goal not in goal_ids for m in rows
		],
		"evaluations": [
			{
				"date": formatdate(e.evaluation_date, DATE_FORMAT),
				"reference": reference(e.reference, labels),
				"result": ag_label(e.result) or "Ikke satt",
				"notes": e.notes or "",
				"next": formatdate(e.next_evaluation_date, DATE_FORMAT) or "Ikke satt",
			}
			for e in doc.evaluations
		],
	}


def goal_tree(goal_rows, measures_by_goal: dict[str, list[dict]]) -> list[dict]:
	"""The goals in :func:`plans.ordered_goals` order (own goals first), sub-goals under their goal."""
	ordered = plans.ordered_goals([row.as_dict() for row in goal_rows], own_first=True)
	placed: dict[str, dict] = {}
	roots: list[dict] = []
	for goal in ordered:
		node = {
			"id": goal.goal_id or "",
			"text": goal.goal or "",
			"own": bool(goal.is_persons_own_goal),
			"parent": goal.parent_goal or "",
			"status": ag_label(goal.status) or "Ikke satt",
			"life_area": ag_label(goal.life_area) if goal.get("life_area") else "",
			"measures": measures_by_goal.get(goal.goal_id or "", []),
			"children": [],
		}
		parent = placed.get(goal.parent_goal or "")
		if parent is not None and goal.parent_goal != goal.goal_id:
			parent["children"].append(node)
		else:
			roots.append(node)
		if node["id"]:
			placed.setdefault(node["id"], node)
	return roots


def measure_context(m) -> dict:
	return {
		"id": m.measure_id or "",
		"description": m.description or "",
		"scope": m.scope or "",
		"implementation": m.implementation or "",
		"unit": m.responsible_unit or "",
		"person": ag_user_name(m.responsible_person),
		"period": period(m.start_date, m.end_date),
		"status": ag_label(m.status) or "Ikke satt",
		"evaluation_form": ag_label(m.evaluation_form) or "Ikke satt",
		"next_evaluation": formatdate(m.next_evaluation_date, DATE_FORMAT) or "Ikke satt",
	}


def reference(value: str | None, labels: dict[str, str]) -> str:
	value = (value or "").strip()
	text = labels.get(value)
	return f"{value}: {text}" if text else value or "Hele planen"


def earlier_context(doc) -> dict:
	return {
		"name": doc.name,
		"anchor": anchor(doc.name),
		"status": ag_label(doc.status),
		"period": period(doc.plan_from, doc.plan_to),
		"pdf_url": pdf_url(doc.name),
	}
