"""R4 and R5: what a consent must hold, and which partners it covers on a given day.

A consent dict: ``status``, ``valid_from``, ``valid_to``, ``withdrawn_on``, ``signed_date``,
``received_by``, ``reviewed_with_signer`` (bool), ``reviewed_by``, ``given_in_portal``, ``signed_digitally``,
``signed_copy`` and ``partners``, a list of
``{"service_unit", "withdrawn_on"}``.
"""

import datetime

from ansvarsgruppe.rules import Problem
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.dates import in_period


def _withdrawn_by(withdrawn_on: datetime.date | None, on_date: datetime.date) -> bool:
	return withdrawn_on is not None and withdrawn_on <= on_date


def is_in_force(consent: dict, on_date: datetime.date) -> bool:
	"""An active consent inside its period and not withdrawn; anything else covers nobody (R4)."""
	return (
		consent.get("status") == st.CONSENT_ACTIVE
		and in_period(on_date, consent.get("valid_from"), consent.get("valid_to"))
		and not _withdrawn_by(consent.get("withdrawn_on"), on_date)
	)


def covered_units(consent: dict | None, on_date: datetime.date) -> set[str]:
	"""The service units the consent lets information flow to on ``on_date`` (R5)."""
	if not consent or not is_in_force(consent, on_date):
		return set()
	return {
		partner["service_unit"]
		for partner in consent.get("partners") or []
		if partner.get("service_unit") and not _withdrawn_by(partner.get("withdrawn_on"), on_date)
	}


def person_has_signed(consent: dict) -> bool:
	"""Whether the person's part of the signature is there (R4). A consent registered in the desk carries
	it on paper; one given in the portal is signed when it was signed digitally (ID-porten at the required
	level), or once the signed paper copy is attached: a password log-in signs nothing."""
	if not consent.get("given_in_portal"):
		return True
	return bool(consent.get("signed_digitally") or consent.get("signed_copy"))


def consent_problems(consent: dict, today: datetime.date) -> list[Problem]:
	"""What is wrong with a consent as it is about to be saved."""
	problems = []
	valid_from, valid_to = consent.get("valid_from"), consent.get("valid_to")
	if valid_from and valid_to and valid_to < valid_from:
		problems.append(Problem("R4", "The consent cannot end before it starts."))
	signed = consent.get("signed_date")
	if signed and signed > today:
		problems.append(Problem("R4", "The consent cannot be signed on a date in the future."))

	units = [p.get("service_unit") for p in consent.get("partners") or []]
	if not units:
		problems.append(Problem("R4", "The consent must name at least one partner (service unit)."))
	duplicates = sorted({u for u in units if u and units.count(u) > 1})
	if duplicates:
		problems.append(
			Problem("R4", "A partner is listed more than once: {units}.", {"units": ", ".join(duplicates)})
		)

	if consent.get("status") in (st.CONSENT_SIGNED, st.CONSENT_ACTIVE):
		if not signed:
			problems.append(Problem("R4", "A signed consent needs the date it was signed."))
		if not consent.get("received_by"):
			problems.append(Problem("R4", "A signed consent needs the employee who received it."))
		if not consent.get("signed_by_kind"):
			problems.append(Problem("R4", "A signed consent needs to say who signed it."))
		# Signed digitally with ID-porten, the person has read the whole form in the portal themselves.
		if not consent.get("signed_digitally") and (
			not consent.get("reviewed_with_signer") or not consent.get("reviewed_by")
		):
			problems.append(
				Problem(
					"R4",
					"Go through the consent form with the person who signs it before it is signed, and record"
					" who did.",
				)
			)
		if not person_has_signed(consent):
			problems.append(
				Problem(
					"R4",
					"This consent was given in the portal without ID-porten: attach the copy signed on paper"
					" before registering the signature.",
				)
			)
	if consent.get("status") == st.CONSENT_WITHDRAWN and not consent.get("withdrawn_on"):
		problems.append(Problem("R4", "A withdrawn consent needs the date it was withdrawn."))

	withdrawn_on = consent.get("withdrawn_on")
	if withdrawn_on and not consent.get("withdrawal_reason"):
		problems.append(Problem("R4", "Give a reason for the withdrawal."))
	if withdrawn_on and valid_from and withdrawn_on < valid_from:
		problems.append(Problem("R4", "The consent cannot be withdrawn before it starts."))
	for partner in consent.get("partners") or []:
		if partner.get("withdrawn_on") and not partner.get("withdrawal_reason"):
			problems.append(
				Problem(
					"R4",
					"Give a reason for withdrawing the consent for {unit}.",
					{"unit": partner.get("service_unit")},
				)
			)
	return problems


def ended_units(before: dict | None, after: dict | None, on_date: datetime.date) -> set[str]:
	"""Units that were covered before a change and are not after it (whose members lose access)."""
	return covered_units(before, on_date) - covered_units(after, on_date)


# A signed consent's content is final (R4): it is corrected by a new version, a registered copy that names
# the version it supersedes. The old version stays in force until the new one is: a signed consent that is
# not yet in force covers nobody, so superseding it earlier would leave the group without a consent.
CORRECTABLE = (st.CONSENT_SIGNED, st.CONSENT_ACTIVE)


def supersedes_now(status_before: str | None, status_after: str | None) -> bool:
	"""Whether this save puts a new version in force, so that the version it supersedes is superseded."""
	return status_after == st.CONSENT_ACTIVE and status_before != st.CONSENT_ACTIVE


def superseded_status(old_status: str | None) -> str | None:
	"""The status the superseded version moves to (None: it is no longer in force and stays as it is,
	e.g. withdrawn meanwhile)."""
	return st.CONSENT_SUPERSEDED if old_status in CORRECTABLE else None


def new_version_partners(partners: list[dict]) -> list[dict]:
	"""The partners the new version names: those of the old one that were not withdrawn (a withdrawal
	stays a withdrawal)."""
	return [partner for partner in partners if not partner.get("withdrawn_on")]
