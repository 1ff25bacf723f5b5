"""The written consent: who signs and what it covers (R4), and who it lets in (R5)."""

import frappe
from frappe.utils import add_days, getdate

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


class TestConsentR4R5(f.MunicipalityTestCase):
	with_town = True

	def test_r4_child_under_age_limit_cannot_sign_own_consent(self):
		self.assertRefused(
			"R4",
			lambda: f.make_consent(self.town.child, [self.town.school], signer=("Service User", None)),
			"Consent",
		)

	def test_r4_dates_in_wrong_order_are_refused(self):
		self.assertRefused(
			"R4",
			lambda: f.make_consent(
				self.town.child, [self.town.school], valid_from=getdate(), valid_to=add_days(getdate(), -1)
			),
			"Consent",
		)

	def test_r4_consent_needs_partners_and_signature(self):
		self.assertRefused(
			"R4",
			lambda: f.make_consent(self.town.child, [self.town.school], partners=[]),
			"Consent",
		)
		consent = f.make_consent(
			self.town.child, [self.town.school], status=st.CONSENT_REGISTERED, received_by=None
		)
		consent.status = st.CONSENT_SIGNED
		self.assertRefused("R4", consent.save)
		self.assertEqual(frappe.db.get_value("Consent", consent.name, "status"), st.CONSENT_REGISTERED)

	def test_r4_withdrawal_takes_effect_at_once_and_covers_nobody(self):
		consent = self.town.consent
		self.assertEqual(consent.covered_units(), {self.town.school, self.town.health})
		consent.withdrawn_on = getdate()
		self.assertRefused("R4", consent.save)
		consent.reload()
		consent.withdrawn_on, consent.withdrawal_reason = getdate(), "Familien ønsker ikke samarbeid nå"
		consent.save()
		self.assertEqual(consent.status, st.CONSENT_WITHDRAWN)
		self.assertEqual(consent.covered_units(), set())

	def test_r4_expired_consent_covers_nobody(self):
		consent = f.make_consent(
			self.town.child,
			[self.town.school],
			valid_from=add_days(getdate(), -400),
			valid_to=add_days(getdate(), -1),
		)
		self.assertEqual(consent.covered_units(), set())

	def test_r5_partial_withdrawal_removes_only_that_partner(self):
		consent = self.town.consent
		row = next(p for p in consent.partners if p.service_unit == self.town.health)
		row.withdrawn_on, row.withdrawal_reason = getdate(), "Ikke lenger aktuelt"
		consent.save()
		self.assertEqual(consent.covered_units(), {self.town.school})
		self.assertEqual(consent.status, st.CONSENT_ACTIVE)

	def test_r5_member_from_uncovered_unit_cannot_be_added(self):
		self.assertRefused(
			"R5",
			lambda: f.make_member(self.town.group.name, self.town.outsider, self.town.welfare),
			"Group Member",
		)
		f.make_member(self.town.group.name, self.town.teacher, self.town.school)

	def test_r5_member_cannot_be_reactivated_after_unit_lost_coverage(self):
		member = f.make_member(self.town.group.name, self.town.nurse, self.town.health)
		consent = self.town.consent
		row = next(p for p in consent.partners if p.service_unit == self.town.health)
		row.withdrawn_on, row.withdrawal_reason = getdate(), "Ikke lenger aktuelt"
		consent.save()
		member.reload()
		member.mandate_note = "Endret"
		self.assertRefused("R5", member.save)
		member.reload()
		member.status = st.MEMBER_ENDED
		member.save()
