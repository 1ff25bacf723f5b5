"""Exceptions the app raises when a rule is broken, one class per family of rules, and when a step cannot
be completed as a whole.

Each is a ``frappe.ValidationError``, so the desk shows it like any other validation message and the
request rolls back. Tests assert the class rather than the Norwegian text.
"""

import frappe


class RuleError(frappe.ValidationError):
	"""A rule of the source documents is broken (the base of the families below).

	``rules`` holds the codes of the broken rules (as in docs/rules.md), for tests and logs."""

	rules: tuple[str, ...] = ()


class ApplicationError(RuleError):
	"""Who may apply, and how KE and the unit leader answer and appoint."""


class ConsentError(RuleError):
	"""Written consent: who signs, what it covers, when it expires or is withdrawn."""


class GroupError(RuleError):
	"""The group itself: its coordinator, its members and their mandates, notices to KE, transitions."""


class MeetingError(RuleError):
	"""Pre-meeting, invitation, topics, minutes and their deadlines, the yearly review."""


class EscalationError(RuleError):
	"""Matters the group raises through the line."""


class PlanError(RuleError):
	"""The individual plan: its parts, measures and evaluation."""


class IdentityNumberError(RuleError):
	"""The national identity number (fødselsnummer or D-number)."""


RULE_FAMILIES: dict[str, type[RuleError]] = {
	"R1": ApplicationError,
	"R2": ApplicationError,
	"R3": GroupError,
	"R4": ConsentError,
	"R5": ConsentError,
	"R6": GroupError,
	"R7": GroupError,
	"R8": MeetingError,
	"R9": MeetingError,
	"R10": MeetingError,
	"R11": MeetingError,
	"R12": MeetingError,
	"R13": MeetingError,
	"R14": EscalationError,
	"R15": GroupError,
	"R16": GroupError,
	"R17": GroupError,
	"R18": PlanError,
	"R19": RuleError,
	"R20": IdentityNumberError,
}


class MailNotQueuedError(frappe.ValidationError):
	"""A mail that belongs to a step (an alert, the approved minutes) could not be queued: the step is
	undone (``alerts.ledger.fail_if_mail_failed``)."""


def for_rules(rules) -> type[RuleError]:
	"""The family all the given rule codes belong to, or the base class when they differ."""
	families = {RULE_FAMILIES.get(rule, RuleError) for rule in rules}
	return families.pop() if len(families) == 1 else RuleError
