"""Final records stay as they were approved (R4, R11, R16, R18): approved or distributed minutes, a consent
once signed, an approved version of an individual plan and a closed group.

A record is a plain dict of its fields (``status`` among them); each of its tables is a list of row dicts
with a ``name``. ``before`` is the record as stored, ``after`` as it is about to be saved. Only what is
named here may still change; everything else in a final record is read-only for everyone.
"""

from dataclasses import dataclass, field

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st

PLAN_DRAFT, PLAN_APPROVED, PLAN_UNDER_REVISION, PLAN_CLOSED = (
	st.PLAN_DRAFT,
	st.PLAN_APPROVED,
	st.PLAN_UNDER_REVISION,
	st.PLAN_CLOSED,
)


@dataclass(frozen=True)
class FinalRecord:
	rule: str
	message: str
	final_statuses: tuple
	# status as stored: the statuses it may move on to (the named exceptions, e.g. distributing)
	next_statuses: dict = field(default_factory=dict)
	# status as stored: fields that may be filled in once (from empty), e.g. a withdrawal
	set_once: dict = field(default_factory=dict)
	# status as stored: {table: row fields that may be filled in once}
	rows_set_once: dict = field(default_factory=dict)
	# status as stored: fields that follow the record up without changing what was approved
	follow_up: dict = field(default_factory=dict)
	# status as stored: {table: row fields that follow up}
	rows_follow_up: dict = field(default_factory=dict)
	# status as stored: tables to which rows may be added (never changed or removed)
	rows_added: dict = field(default_factory=dict)
	# status as stored: the statuses that start a new version, in which anything may change
	new_version: dict = field(default_factory=dict)
	# new status: fields the move to it may set (a consent that expires gets its end date)
	set_on_move: dict = field(default_factory=dict)


MINUTES = FinalRecord(
	rule="R11",
	message="Approved minutes cannot be changed; they can only be distributed.",
	final_statuses=st.MINUTES_FINAL,
	next_statuses={st.MINUTES_APPROVED: (st.MINUTES_DISTRIBUTED,)},
)

_WITHDRAWABLE = (st.CONSENT_SIGNED, st.CONSENT_ACTIVE)
CONSENT_WITHDRAWAL_SIGNATURE = (
	"withdrawal_signed_digitally",
	"withdrawal_signer",
	"withdrawal_signed_at",
	"withdrawal_signature_level",
	"withdrawal_signature_ids",
)
CONSENT = FinalRecord(
	rule="R4",
	message=(
		"A signed consent cannot be changed; it can only be withdrawn, wholly or for one partner, or"
		" corrected by a new version that supersedes it."
	),
	final_statuses=(
		st.CONSENT_SIGNED,
		st.CONSENT_ACTIVE,
		st.CONSENT_WITHDRAWN,
		st.CONSENT_EXPIRED,
		st.CONSENT_SUPERSEDED,
	),
	next_statuses={
		st.CONSENT_SIGNED: (st.CONSENT_ACTIVE, st.CONSENT_WITHDRAWN),
		st.CONSENT_ACTIVE: (st.CONSENT_WITHDRAWN, st.CONSENT_EXPIRED),
	},
	set_once={status: ("withdrawn_on", "withdrawal_reason") for status in _WITHDRAWABLE},
	# who signed the latest withdrawal with ID-porten (a partial withdrawal may follow another)
	follow_up={status: CONSENT_WITHDRAWAL_SIGNATURE for status in _WITHDRAWABLE},
	set_on_move={st.CONSENT_EXPIRED: ("valid_to",)},
	rows_set_once={status: {"partners": ("withdrawn_on", "withdrawal_reason")} for status in _WITHDRAWABLE},
)

_CURRENT_PLAN = (PLAN_APPROVED,)
PLAN = FinalRecord(
	rule="R18",
	message=(
		"An approved plan cannot be changed; revise it to change it (a new version that supersedes it)."
		" Between revisions only the measures' status, end date and next evaluation, new evaluations and"
		" the next revision date follow it up."
	),
	final_statuses=(PLAN_APPROVED, PLAN_CLOSED),
	next_statuses={status: (PLAN_CLOSED,) for status in _CURRENT_PLAN},
	follow_up={status: ("next_revision_date",) for status in _CURRENT_PLAN},
	rows_follow_up={
		status: {"measures": ("status", "end_date", "next_evaluation_date")} for status in _CURRENT_PLAN
	},
	rows_added={status: ("evaluations",) for status in _CURRENT_PLAN},
)

GROUP = FinalRecord(
	rule="R16",
	message="A closed group cannot be changed.",
	final_statuses=(st.GROUP_CLOSED,),
)


def is_final(record: FinalRecord, status: str | None) -> bool:
	return status in record.final_statuses


def _empty(value) -> bool:
	return value in (None, "")


def _rows(value) -> dict:
	return {row.get("name"): row for row in value or []}


def changed_fields(record: FinalRecord, before: dict, after: dict, replaced: dict | None = None) -> list[str]:
	"""The fields (``table.field`` for a table's rows) that ``after`` changes and a final record may not.
	``replaced`` ({table: row names}) names rows a superseding version replaces: they may change or go (the
	evaluations that superseded minutes wrote into an approved plan, R11)."""
	replaced = replaced or {}
	status = before.get("status")
	if not is_final(record, status):
		return []
	new_status = after.get("status")
	if new_status != status and new_status in record.new_version.get(status, ()):
		return []
	set_once = record.set_once.get(status, ())
	follow_up = record.follow_up.get(status, ())
	if new_status != status and new_status in record.next_statuses.get(status, ()):
		follow_up = (*follow_up, *record.set_on_move.get(new_status, ()))
	rows_set_once = record.rows_set_once.get(status, {})
	rows_follow_up = record.rows_follow_up.get(status, {})
	rows_added = record.rows_added.get(status, ())
	changed = []
	if new_status != status and new_status not in record.next_statuses.get(status, ()):
		changed.append("status")
	for fieldname in sorted(set(before) | set(after)):
		if fieldname == "status":
			continue
		old, new = before.get(fieldname), after.get(fieldname)
		if isinstance(old, list) or isinstance(new, list):
			changed += _changed_rows(
				fieldname,
				_rows(old),
				_rows(new),
				rows_set_once.get(fieldname, ()),
				rows_follow_up.get(fieldname, ()),
				fieldname in rows_added,
				set(replaced.get(fieldname) or ()),
			)
		elif _empty(old) and _empty(new) or old == new:
			continue
		elif fieldname in follow_up or (fieldname in set_once and _empty(old)):
			continue
		else:
			changed.append(fieldname)
	return changed


def _changed_rows(
	table: str, old: dict, new: dict, set_once, follow_up, may_add: bool, replaced: set = frozenset()
) -> list[str]:
	changed = []
	if set(old) - set(new) - replaced:
		changed.append(f"{table} (removed rows)")
	added = [name for name in new if name not in old]
	if added and not may_add:
		changed.append(f"{table} (added rows)")
	for name, row in old.items():
		if name not in new or name in replaced:
			continue
		for fieldname in sorted(set(row) | set(new[name])):
			before, after = row.get(fieldname), new[name].get(fieldname)
			if _empty(before) and _empty(after) or before == after:
				continue
			if fieldname in follow_up or (fieldname in set_once and _empty(before)):
				continue
			changed.append(f"{table}.{fieldname}")
	return changed


def final_change_problem(
	record: FinalRecord, before: dict | None, after: dict, replaced: dict | None = None
) -> Problem | None:
	"""A problem when ``after`` changes more of a final record than may still change."""
	if before is None:
		return None
	changed = changed_fields(record, before, after, replaced)
	if not changed:
		return None
	return Problem(record.rule, record.message)


def final_delete_problem(record: FinalRecord, status: str | None) -> Problem | None:
	"""A final record is kept: nobody deletes it."""
	if not is_final(record, status):
		return None
	return Problem(record.rule, record.message)


def final_attachment_problem(record: FinalRecord, status: str | None) -> Problem | None:
	"""A final record's files are part of it: it takes no new file and loses none."""
	if not is_final(record, status):
		return None
	return Problem(record.rule, record.message)
