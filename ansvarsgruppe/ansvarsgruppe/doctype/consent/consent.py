from frappe.model.document import Document
from frappe.utils import getdate

from ansvarsgruppe.rules import consent as consent_rules
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.utils import check_representation, dates_of, throw_problems, today


class Consent(Document):
	def as_rule_values(self) -> dict:
		return {
			"status": self.status,
			"signed_by_kind": self.signed_by_kind,
			"received_by": self.received_by,
			"withdrawal_reason": self.withdrawal_reason,
			**dates_of(self, "valid_from", "valid_to", "signed_date", "withdrawn_on"),
			"partners": [
				{
					"service_unit": p.service_unit,
					"withdrawal_reason": p.withdrawal_reason,
					**dates_of(p, "withdrawn_on"),
				}
				for p in self.partners
			],
		}

	def validate(self):
		if self.signed_by_kind:
			self.signed_by_name = check_representation(
				"sign",
				self.service_user,
				self.signed_by_kind,
				self.signed_by_relation,
				self.signed_date or self.valid_from,
			)
		else:
			self.signed_by_relation = self.signed_by_name = None
		if (
			self.withdrawn_on
			and getdate(self.withdrawn_on) <= today()
			and self.status in (st.CONSENT_REGISTERED, st.CONSENT_SIGNED, st.CONSENT_ACTIVE)
		):
			# A withdrawal takes effect at once, whatever road it came by (R4).
			self.status = st.CONSENT_WITHDRAWN
		throw_problems(consent_rules.consent_problems(self.as_rule_values(), today()))

	def covered_units(self, on_date=None) -> set[str]:
		return consent_rules.covered_units(self.as_rule_values(), on_date or today())
