from urllib.parse import urlparse

import frappe
from frappe import _
from frappe.model.document import Document

from ansvarsgruppe.portal import idporten
from ansvarsgruppe.rules import idporten as rules

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class IDportenSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		allow_password_login: DF.Check
		client_auth_method: DF.Literal["client_secret_post", "client_secret_basic", "private_key_jwt"]
		client_id: DF.Data | None
		client_secret: DF.Password | None
		discovery_url: DF.Data | None
		enabled: DF.Check
		environment: DF.Literal["Test", "Production", "Other"]
		key_id: DF.Data | None
		post_logout_redirect_uri: DF.Data | None
		private_key: DF.Password | None
		redirect_uri: DF.Data | None
		required_level: DF.Literal["idporten-loa-high", "idporten-loa-substantial"]

	# end: auto-generated types
	def validate(self):
		if self.environment != "Other":
			self.discovery_url = rules.DISCOVERY_URLS.get(self.environment)
		self.redirect_uri = idporten.redirect_uri()
		self.post_logout_redirect_uri = idporten.post_logout_redirect_uri()
		url = urlparse(self.discovery_url or "")
		if self.discovery_url and not (
			url.scheme == "https" or (url.scheme == "http" and url.hostname in LOOPBACK)
		):
			frappe.throw(_("The discovery document must be fetched over HTTPS."), frappe.ValidationError)
		if not self.enabled:
			return
		if not self.client_id or not self.discovery_url:
			frappe.throw(
				_("Log-in with ID-porten needs the client ID and the discovery document."),
				frappe.ValidationError,
			)
		secret_field = "private_key" if self.client_auth_method == "private_key_jwt" else "client_secret"
		if not self.get(secret_field) and not self.get_password(secret_field, raise_exception=False):
			frappe.throw(
				_("Log-in with ID-porten needs the client's {0}.").format(
					_(self.meta.get_label(secret_field))
				),
				frappe.ValidationError,
			)
