"""The demo municipality's desk: Norwegian regional settings and each employee's home workspace."""

from ansvarsgruppe.setup.homes import ensure_homes
from ansvarsgruppe.setup.locale import ensure_norwegian_defaults


def prepare_desk():
	"""A demo site is a Norwegian municipality's, whatever the site had: Europe/Oslo, dd.mm.yyyy, HH:mm,
	Monday, Norwegian, NOK; every employee lands on their role's workspace."""
	ensure_norwegian_defaults(replace_shipped=True)
	ensure_homes()
