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
		frontchannel_logout_uri: DF.Data | None
		environment: DF.Literal["Test", "Production", "Other"]
		key_id: DF.Data | None
		post_logout_redirect_uri: DF.Data | None
		private_key: DF.Password | None
		public_jwk: DF.Code | None
		redirect_uri: DF.Data | None
		required_level: DF.Literal["idporten-loa-high", "idporten-loa-substantial"]

	# end: auto-generated types
	def validate(self):
		if self.environment != "Other":
			self.discovery_url = rules.DISCOVERY_URLS.get(self.environment)
		self.redirect_uri = idporten.redirect_uri()
		self.post_logout_redirect_uri = idporten.post_logout_redirect_uri()
		self.frontchannel_logout_uri = idporten.frontchannel_logout_uri()
		url = urlparse(self.discovery_url or "")
		if self.discovery_url and not (
			url.scheme == "https" or (url.scheme == "http" and url.hostname in LOOPBACK)
		):
			frappe.throw(_("The discovery document must be fetched over HTTPS."), frappe.ValidationError)
		if self.client_auth_method == "private_key_jwt" and self._secret("private_key"):
			self.private_key, self.public_jwk = idporten.check_client_key(
				self._secret("private_key"), self.key_id
			)
		if not self.enabled:
			return
		if not self.client_id or not self.discovery_url:
			frappe.throw(
				_("Log-in with ID-porten needs the client ID and the discovery document."),
				frappe.ValidationError,
			)
		secret_field = "private_key" if self.client_auth_method == "private_key_jwt" else "client_secret"
		if not self._secret(secret_field):
			frappe.throw(
				_("Log-in with ID-porten needs the client's {0}.").format(
					_(self.meta.get_label(secret_field))
				),
				frappe.ValidationError,
			)

	def _secret(self, fieldname: str) -> str:
		"""The value typed now, or the stored one when the form shows it masked."""
		value = (self.get(fieldname) or "").strip()
		if value and set(value) != {"*"}:
			return value
		return (self.get_password(fieldname, raise_exception=False) or "").strip()
