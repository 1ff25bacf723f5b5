"""Service User: the identity number (R20) and free text."""

import frappe
from frappe.tests.utils import change_settings
from frappe.utils import getdate

from ansvarsgruppe.exceptions import IdentityNumberError
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests import idnumbers


class TestServiceUserR20(f.MunicipalityTestCase):
	with_town = True

	def test_r20_valid_number_sets_birth_date(self):
		person = f.make_service_user(national_id=f.number_for(getdate("2014-05-17")))
		self.assertEqual(getdate(person.birth_date), getdate("2014-05-17"))
		self.assertEqual(person.is_minor, 1)
		self.assertTrue(person.age >= 12)

	def test_r20_invalid_number_is_refused(self):
		wrong = f.number_for(getdate("2014-05-17"))[:-1] + "0"
		if wrong == f.number_for(getdate("2014-05-17")):
			wrong = wrong[:-1] + "1"
		self.assertRefused("R20", lambda: f.make_service_user(national_id=wrong), "Service User")
		self.assertRefused("R20", lambda: f.make_service_user(national_id="1234"), "Service User")
		self.assertRefused("R20", lambda: f.make_service_user(national_id="1705141234x"), "Service User")

	def test_r20_synthetic_numbers_only_in_test_mode(self):
		real = f.number_for(getdate("2014-05-17"))
		synthetic = self._synthetic()
		self.assertRefused("R20", lambda: f.make_service_user(national_id=synthetic), "Service User")
		with change_settings("Ansvarsgruppe Settings", allow_synthetic_national_ids=1):
			person = f.make_service_user(national_id=synthetic)
		self.assertEqual(getdate(person.birth_date), getdate("2014-05-17"))
		self.assertNotEqual(real, synthetic)

	def _synthetic(self) -> str:
		return idnumbers.make("178514", 500)

	def test_r20_duplicate_number_is_refused(self):
		number = f.number_for(getdate("1990-01-31"))
		f.make_service_user(national_id=number)
		self.assertRefused(
			IdentityNumberError, lambda: f.make_service_user(national_id=number), "Service User"
		)

	def test_r20_number_never_in_list_view_or_search(self):
		meta = frappe.get_meta("Service User")
		field = meta.get_field("national_id")
		self.assertFalse(field.in_list_view or field.in_global_search or field.in_standard_filter)
		self.assertNotIn("national_id", meta.search_fields or "")
		self.assertEqual(field.permlevel, 1)

	def test_script_in_free_text_is_neutralised(self):
		person = f.make_service_user(name="Kari <script>alert(1)</script>Nordmann")
		self.assertNotIn("<script>", person.full_name)
